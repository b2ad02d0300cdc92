import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The one place a window's options are built, so a test can read every window's webPreferences.
 * Electron's security checklist: isolated context, OS sandbox, no Node in the page, web security on,
 * no webviews, no insecure content, no experimental features, and our own preload only.
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: '#f5f6f7',
    title: 'Medkarta',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: process.env.MEDKARTA_DEVTOOLS === '1',
    },
  };
}

/** Every window the app creates, by name: the test walks this list. */
export const WINDOW_BUILDERS = { main: mainWindowOptions } as const;
