import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultPlan, type SimulatorFaults } from './faults.js';

/**
 * The HTTP server every register simulator runs on: JSON in, JSON out, with the faults of
 * faults.ts played in front of the simulator's own handler. Simulators are started by tests and
 * by Central's demo mode; they listen on 127.0.0.1 only.
 */
export interface SimulatorRequest {
  method: string;
  /** Path segments, decoded: `/persons/123` → ['persons', '123']. */
  segments: string[];
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface SimulatorAnswer {
  status: number;
  body?: unknown;
}

export type SimulatorHandler = (request: SimulatorRequest) => SimulatorAnswer | Promise<SimulatorAnswer>;

export interface SimulatorOptions {
  port?: number;
  seed?: number;
  faults?: SimulatorFaults;
}

export interface RunningSimulator {
  url: string;
  /** Replaces the fault settings (an outage starts with `{ down: true }` and ends with `{}`). */
  setFaults(faults: SimulatorFaults): void;
  /** Requests received, and how many of them were answered with a fault. */
  readonly stats: { requests: number; faulted: number };
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

export async function startHttpSimulator(handler: SimulatorHandler, options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const plan = new FaultPlan(options.seed ?? 1, options.faults);
  const stats = { requests: 0, faulted: 0 };
  const server = createServer((request, response) => {
    stats.requests++;
    void serve(request, response).catch(() => send(response, 500, { error: 'simulator failure' }));
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const decision = plan.next();
    const body = await readBody(request);
    if (decision.kind === 'hang') {
      stats.faulted++;
      return; // never answered; the socket is destroyed when the simulator closes
    }
    if (decision.kind === 'error') {
      stats.faulted++;
      await sleep(decision.delayMs);
      return send(response, decision.status, { error: decision.status === 503 ? 'Service unavailable' : 'Internal error' });
    }
    const url = new URL(request.url ?? '/', 'http://simulator');
    let parsed: unknown;
    try {
      parsed = body ? JSON.parse(body) : undefined;
    } catch {
      return send(response, 400, { error: 'The body is not JSON' });
    }
    const answer = await handler({
      method: request.method ?? 'GET',
      segments: url.pathname.split('/').filter(Boolean).map(decodeURIComponent),
      query: url.searchParams,
      headers: request.headers,
      body: parsed,
    });
    if (decision.kind === 'lose-answer') {
      stats.faulted++;
      return; // the work is done, the answer never arrives
    }
    await sleep(decision.delayMs);
    send(response, answer.status, answer.body);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setFaults: (faults) => plan.set(faults),
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(body === undefined ? '' : JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) request.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const sleep = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());
