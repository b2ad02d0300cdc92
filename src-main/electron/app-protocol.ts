import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { RENDERER_CSP, SECURITY_HEADERS } from '../transport/csp.js';
import { resolveStaticPath } from '../transport/static-files.js';

/** The app is served from app://medkarta/, never file://: a real origin, and nothing else on disk reachable. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://medkarta`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false, stream: false } }]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return new Response('Not found', { status: 404 });
    const target = resolveStaticPath(rendererDir, url.pathname) ?? (url.pathname.includes('.') ? null : resolveStaticPath(rendererDir, '/index.html'));
    if (!target) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(target.file);
      return new Response(body, { headers: { ...SECURITY_HEADERS, 'Content-Security-Policy': RENDERER_CSP, 'Content-Type': target.type } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
