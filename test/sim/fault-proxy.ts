import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { between } from './random.js';

/** Chances per request (0..1) of each fault the network between a workstation and Central can cause. */
export interface FaultRates {
  /** The request never reaches Central. */
  dropRequest: number;
  /** Central handles it (and commits), the answer never reaches the workstation. */
  dropResponse: number;
  /** Central receives the request twice at once. */
  duplicate: number;
  /** A copy reaches Central again later, after newer requests (reordering). */
  replay: number;
  /** The request is held a little before it goes on. */
  delay: number;
}

export const NO_FAULTS: FaultRates = { dropRequest: 0, dropResponse: 0, duplicate: 0, replay: 0, delay: 0 };

interface Upstream {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * An HTTP proxy between one workstation and Central that misbehaves on purpose, with every
 * decision drawn from a seeded generator. Server-sent events are passed through as a stream (cut
 * when the link is partitioned). `inFlight` counts requests Central is working on, so the
 * simulation can kill Central in the middle of one.
 */
export class FaultProxy {
  rates: FaultRates;
  partitioned = false;
  inFlight = 0;
  readonly counts = { requests: 0, streams: 0, answered: 0, dropRequest: 0, dropResponse: 0, duplicate: 0, replay: 0, delay: 0, refused: 0 };
  private server: Server | undefined;
  private readonly streams = new Set<ServerResponse>();
  private readonly replays = new Set<NodeJS.Timeout>();

  constructor(
    private readonly upstreamPort: () => number,
    private readonly random: () => number,
    rates: FaultRates,
    /** The address Central sees the requests come from (a patient at home is not the clinic). */
    private readonly localAddress = '127.0.0.1',
  ) {
    this.rates = rates;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Cuts the link (every request fails, streams end) or restores it. */
  partition(on: boolean): void {
    this.partitioned = on;
    if (on) for (const stream of this.streams) stream.destroy();
  }

  heal(): void {
    this.rates = NO_FAULTS;
    this.partition(false);
  }

  async close(): Promise<void> {
    for (const timer of this.replays) clearTimeout(timer);
    for (const stream of this.streams) stream.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.counts.requests++;
    if (this.partitioned) return void req.socket.destroy();
    if (req.method === 'GET' && req.url?.startsWith('/sync/events')) {
      this.counts.streams++;
      return this.stream(req, res);
    }
    const body = await readAll(req);
    const chance = (rate: number) => this.random() < rate;
    if (chance(this.rates.dropRequest)) {
      this.counts.dropRequest++;
      return void req.socket.destroy();
    }
    if (chance(this.rates.delay)) {
      this.counts.delay++;
      await sleep(between(this.random, 10, 150));
    }
    const send = () => this.forward(req, body);
    if (chance(this.rates.duplicate)) {
      this.counts.duplicate++;
      void send().catch(() => undefined);
    }
    if (chance(this.rates.replay)) {
      this.counts.replay++;
      const timer = setTimeout(() => {
        this.replays.delete(timer);
        void send().catch(() => undefined);
      }, between(this.random, 100, 1500));
      this.replays.add(timer);
    }
    const dropAnswer = chance(this.rates.dropResponse);
    let answer: Upstream;
    try {
      answer = await send();
    } catch {
      // Central is down: what a real reverse proxy answers.
      this.counts.refused++;
      res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad gateway');
      return;
    }
    if (dropAnswer || this.partitioned) {
      this.counts.dropResponse++;
      return void req.socket.destroy();
    }
    this.counts.answered++;
    res.writeHead(answer.status, answer.headers).end(answer.body);
  }

  private forward(req: IncomingMessage, body: Buffer): Promise<Upstream> {
    this.inFlight++;
    return new Promise<Upstream>((resolve, reject) => {
      const headers = { ...req.headers, host: `127.0.0.1:${this.upstreamPort()}`, 'content-length': String(body.length) };
      delete headers.connection;
      const upstream = httpRequest({ host: '127.0.0.1', port: this.upstreamPort(), localAddress: this.localAddress, method: req.method, path: req.url, headers }, (response) => {
        readAll(response).then((data) => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: data }), reject);
      });
      upstream.on('error', reject);
      upstream.end(body);
    }).finally(() => this.inFlight--);
  }

  private stream(req: IncomingMessage, res: ServerResponse): void {
    const headers = { ...req.headers, host: `127.0.0.1:${this.upstreamPort()}` };
    const upstream = httpRequest({ host: '127.0.0.1', port: this.upstreamPort(), method: 'GET', path: req.url, headers }, (response) => {
      res.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(res);
      response.on('error', () => res.destroy());
    });
    upstream.on('error', () => res.destroy());
    upstream.end();
    this.streams.add(res);
    const done = () => {
      this.streams.delete(res);
      upstream.destroy();
    };
    res.on('close', done);
    req.on('close', done);
  }
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
