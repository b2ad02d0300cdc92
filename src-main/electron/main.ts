import { join } from 'node:path';
import { app, BrowserWindow, ipcMain } from 'electron';
import { eventChannel } from '../../shared/api/methods.js';
import { openWorkstation } from '../host/workstation.js';
import { registerIpcHandlers } from '../transport/ipc.js';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol.js';
import { denyAllPermissions, hardenApp } from './harden.js';
import { mainWindowOptions } from './window-options.js';

/**
 * The Electron shell: only wiring. The workstation's services are the same handler map browser
 * mode serves; this file gives them a window, the app:// protocol and IPC.
 */
registerAppScheme();
hardenApp();
if (!app.requestSingleInstanceLock()) app.quit();

async function start() {
  await app.whenReady();
  denyAllPermissions();
  const distDir = join(import.meta.dirname, '..');
  serveRenderer(join(distDir, 'renderer'));
  const workstation = await openWorkstation({ dataDir: process.env.MEDKARTA_DATA ?? join(app.getPath('userData'), 'data') });
  registerIpcHandlers(ipcMain, workstation.handlers, APP_ORIGIN);

  const window = new BrowserWindow(mainWindowOptions(join(import.meta.dirname, 'preload.cjs')));
  workstation.handlers.subscribe((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(eventChannel(event), payload);
  });
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${APP_ORIGIN}/index.html`);
  app.on('second-instance', () => window.focus());
  app.on('window-all-closed', () => {
    workstation.close();
    app.quit();
  });
}

start().catch((error: unknown) => {
  console.error('Medkarta could not start:', error);
  app.exit(1);
});
