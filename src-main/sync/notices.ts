import { PROTOCOL_VERSION } from '../../shared/sync/version.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { openStream, type SyncHttpOptions } from './http.js';

/** Central sends a comment every 15 s; this long without a byte means the stream is dead. */
const SILENCE_MS = 45_000;

export interface NoticeOptions {
  http: SyncHttpOptions;
  clientId: string;
  /** Central says there are changes for us (also sent once on every connect). */
  onNotice: () => void;
  onConnected: (connected: boolean) => void;
  backoff: BackoffOptions;
  random: () => number;
  log: (message: string, error?: unknown) => void;
}

/**
 * Listens to Central's `/sync/events` stream while the engine runs, and reconnects with backoff
 * when it drops. The engine polls more often while this is not connected.
 */
export class ChangeNotices {
  connected = false;
  private running = false;
  private controller: AbortController | undefined;
  private sleeping: { timer: NodeJS.Timeout; wake: () => void } | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: NoticeOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.controller?.abort();
    if (this.sleeping) {
      clearTimeout(this.sleeping.timer);
      this.sleeping.wake();
    }
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      const controller = (this.controller = new AbortController());
      // Until the headers come, the usual request timeout applies; afterwards only silence does.
      const connectTimer = setTimeout(() => controller.abort(), this.options.http.timeoutMs);
      try {
        const path = `/sync/events?clientId=${encodeURIComponent(this.options.clientId)}&protocolVersion=${PROTOCOL_VERSION}`;
        const body = await openStream(this.options.http, path, controller.signal);
        clearTimeout(connectTimer);
        failures = 0;
        this.setConnected(true);
        await this.read(body, controller);
      } catch (error) {
        if (this.running) this.options.log('change notices: the stream failed', error);
      } finally {
        clearTimeout(connectTimer);
      }
      this.setConnected(false);
      if (!this.running) return;
      failures++;
      await this.sleep(backoffDelay(failures, this.options.backoff, this.options.random));
    }
  }

  /** Reads events until the stream ends; each `changes` event is a notice (its data is not needed). */
  private async read(body: ReadableStream<Uint8Array>, controller: AbortController): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let silence = setTimeout(() => controller.abort(), SILENCE_MS);
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        clearTimeout(silence);
        silence = setTimeout(() => controller.abort(), SILENCE_MS);
        buffer += decoder.decode(value, { stream: true });
        const blocks = buffer.split(/\r?\n\r?\n/);
        buffer = blocks.pop() ?? '';
        if (blocks.some((block) => /^event: ?changes$/m.test(block))) this.options.onNotice();
      }
    } finally {
      clearTimeout(silence);
      void reader.cancel().catch(() => undefined);
    }
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    this.options.onConnected(connected);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.sleeping = { timer: setTimeout(resolve, ms), wake: () => resolve() };
    }).finally(() => (this.sleeping = undefined));
  }
}
