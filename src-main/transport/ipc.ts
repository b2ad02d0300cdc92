import { API_METHODS, methodChannel } from '../../shared/api/methods.js';
import type { ApiResult } from '../../shared/api/result.js';
import type { HandlerMap } from '../services/handler-map.js';

/**
 * Electron's IPC as this file needs it, structurally, so the transport stays free of `electron`
 * (src-main/electron passes the real ipcMain in) and is testable in plain Node.
 */
export interface IpcInvokeEvent {
  senderFrame: { url: string } | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** Only pages served from the app's own origin may call; anything else gets a refusal. */
export function isTrustedFrameUrl(url: string | undefined, appOrigin: string): boolean {
  if (!url) return false;
  try {
    // Not URL.origin: for a custom scheme such as app:// Node reports the origin as "null".
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === appOrigin;
  } catch {
    return false;
  }
}

/**
 * One ipcMain.handle per named method (no generic channel), each checking the sender frame and
 * passing the single argument on to the handler map, which parses it.
 */
export function registerIpcHandlers(ipcMain: IpcMainLike, handlers: HandlerMap, appOrigin: string): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(methodChannel(method), async (event, ...args): Promise<ApiResult<unknown>> => {
      if (!isTrustedFrameUrl(event.senderFrame?.url, appOrigin)) {
        return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted from the application window only' } };
      }
      if (args.length > 1) return { ok: false, error: { code: 'invalid', message: 'One argument expected' } };
      return handlers.call(method, args[0]);
    });
  }
  return () => API_METHODS.forEach((method) => ipcMain.removeHandler(methodChannel(method)));
}
