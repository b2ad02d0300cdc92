import type { Workstation } from '../host/workstation.js';
import { startBrowserHost, type BrowserHost } from '../transport/http.js';
import { ensureRendererBuild } from './renderer-build.js';

export const DEFAULT_WEB_PORT = 5180;

/**
 * Serves the workstation in browser mode: the renderer's build and the same handler map the
 * Electron window uses, on 127.0.0.1. Falls back to a free port when the usual one is taken.
 */
export async function serveWorkstation(ws: Workstation, port: number): Promise<BrowserHost> {
  const rendererDir = ensureRendererBuild();
  try {
    return await startBrowserHost({ handlers: ws.handlers, rendererDir, port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw error;
    return startBrowserHost({ handlers: ws.handlers, rendererDir, port: 0 });
  }
}

/** Closes the host and the workstation on Ctrl-C or a stop signal. */
export function closeOnSignal(close: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void close().finally(() => process.exit(0));
    });
  }
}
