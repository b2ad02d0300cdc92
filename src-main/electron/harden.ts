import { app, session } from 'electron';
import type { WebContents } from 'electron';
import { openAllowedExternal } from './external-links.js';
import { APP_ORIGIN } from './app-protocol.js';

const sameApp = (url: string) => {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
};

/**
 * What no page may do, applied to every web contents the app ever creates: navigate away, open
 * windows, attach webviews, or get any permission (camera, notifications, ...). Allowed external
 * links go to the system browser.
 */
export function hardenApp(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!sameApp(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!sameApp(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openAllowedExternal(url);
      return { action: 'deny' };
    });
  });
}

export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.setDevicePermissionHandler(() => false);
}
