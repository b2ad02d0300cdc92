import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isApiEvent } from '../../shared/api/methods.js';
import { parseJsonBounded } from '../../shared/fhir/json.js';
import type { HandlerMap } from '../services/handler-map.js';
import { SECURITY_HEADERS } from './csp.js';
import { readStatic } from './static-files.js';

/** Header the page sends its per-launch token in; a custom header also forces a CORS preflight. */
export const TOKEN_HEADER = 'x-medkarta-token';
const MAX_BODY_BYTES = 1_000_000;

export interface BrowserHost {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/**
 * Browser mode: the renderer's files and POST /api/<method> on 127.0.0.1. This file only parses,
 * checks and dispatches. A call must come from our own origin (Host and Origin checked against
 * DNS rebinding and other local pages) and carry the secret token that only our own index.html
 * holds (a meta tag: other origins cannot read the page).
 */
export async function startBrowserHost(options: { handlers: HandlerMap; rendererDir: string; port?: number; token?: string }): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  let origin = '';
  const server = createServer((request, response) => {
    handle(request, response).catch(() => send(response, 500, 'text/plain', 'Internal error'));
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const host = request.headers.host ?? '';
    if (`http://${host}` !== origin) return send(response, 421, 'text/plain', 'Wrong host');
    const path = (request.url ?? '/').split('?')[0] ?? '/';

    if (path.startsWith('/api/')) {
      // Browsers send no Origin on a same-origin GET (the event stream): Sec-Fetch-Site says it then.
      const sameOrigin = request.headers.origin === origin || (request.headers.origin === undefined && request.method === 'GET' && request.headers['sec-fetch-site'] === 'same-origin');
      if (!sameOrigin) return send(response, 403, 'text/plain', 'Wrong origin');
      if (!tokenMatches(request.headers[TOKEN_HEADER], token)) return send(response, 403, 'text/plain', 'Missing or wrong token');
      if (request.method === 'GET' && path === '/api/events') return streamEvents(request, response);
      if (request.method !== 'POST') return send(response, 405, 'text/plain', 'POST only');
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return send(response, 415, 'text/plain', 'application/json only');
      const text = await readBody(request);
      if (text === null) return send(response, 413, 'text/plain', 'Body too large');
      let input: unknown;
      try {
        input = text.length ? parseJsonBounded(text) : {};
      } catch {
        return sendJson(response, { ok: false, error: { code: 'invalid', message: 'Malformed JSON' } });
      }
      return sendJson(response, await options.handlers.call(decodeURIComponent(path.slice('/api/'.length)), input));
    }

    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain', 'GET only');
    const file = await readStatic(options.rendererDir, path);
    // Client-side routes fall back to the app's page.
    const served = file ?? (path.includes('.') ? null : await readStatic(options.rendererDir, '/index.html'));
    if (!served) return send(response, 404, 'text/plain', 'Not found');
    const body = served.type.startsWith('text/html') ? Buffer.from(served.body.toString('utf8').replace('%MEDKARTA_TOKEN%', token)) : served.body;
    return send(response, 200, served.type, body);
  }

  function streamEvents(request: IncomingMessage, response: ServerResponse) {
    response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8' });
    response.write(': connected\n\n');
    const stop = options.handlers.subscribe((event, payload) => {
      if (isApiEvent(event)) response.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    // Keeps proxies and idle timers from closing a quiet stream.
    const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), 25_000);
    request.on('close', () => {
      clearInterval(keepAlive);
      stop();
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function tokenMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer) {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type });
  response.end(body);
}

function sendJson(response: ServerResponse, value: unknown) {
  send(response, 200, 'application/json; charset=utf-8', JSON.stringify(value));
}
