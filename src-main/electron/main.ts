import { join } from 'node:path';
import { app, dialog, ipcMain } from 'electron';
import { eventChannel } from '../../shared/api/methods.js';
import { openWorkstation } from '../host/workstation.js';
import { registerIpcHandlers } from '../transport/ipc.js';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol.js';
import { denyAllPermissions, hardenApp } from './harden.js';
import { safeStorageKeyWrapper } from './safe-storage.js';
import { createMainWindow } from './window-options.js';

/**
 * The Electron shell: only wiring. The workstation's services are the same handler map browser
 * mode serves; this file gives them a window, the app:// protocol and IPC.
 */
app.enableSandbox();
registerAppScheme();
hardenApp();
if (!app.requestSingleInstanceLock()) app.quit();

/**
 * Without a trustworthy OS keyring the store key comes from a passphrase. The window has no way to
 * ask for it before the store opens, so it is read from MEDKARTA_WS_PASSPHRASE (kiosks, Linux
 * without a keyring); otherwise the person is told why the program cannot start.
 */
async function askPassphrase(reason: string): Promise<string> {
  const fromEnvironment = process.env.MEDKARTA_WS_PASSPHRASE;
  if (fromEnvironment) return fromEnvironment;
  dialog.showErrorBox('Medkarta', `${reason}.\n\nSet MEDKARTA_WS_PASSPHRASE to the workstation's passphrase and start Medkarta again, or install a keyring (GNOME Keyring, KWallet).`);
  app.exit(1);
  return new Promise(() => {});
}

async function start() {
  await app.whenReady();
  denyAllPermissions();
  const distDir = join(import.meta.dirname, '..');
  serveRenderer(join(distDir, 'renderer'));
  const workstation = await openWorkstation({
    dataDir: process.env.MEDKARTA_DATA ?? join(app.getPath('userData'), 'data'),
    keyWrapper: safeStorageKeyWrapper,
    askPassphrase,
  });
  registerIpcHandlers(ipcMain, workstation.handlers, APP_ORIGIN);

  const window = createMainWindow(join(import.meta.dirname, 'preload.cjs'));
  workstation.handlers.subscribe((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(eventChannel(event), payload);
  });
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${APP_ORIGIN}/index.html`);
  app.on('second-instance', () => window.focus());
  app.on('window-all-closed', () => {
    // The store is closed (and the outbox flushed to disk) before the process ends.
    void workstation.close().finally(() => app.quit());
  });
}

start().catch((error: unknown) => {
  console.error('Medkarta could not start:', error);
  app.exit(1);
});
