import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChangeNotice } from '../../shared/sync/protocol.js';
import type { SyncNotifier } from './notifier.js';

/** A comment line this often keeps proxies from closing an idle stream and shows a dead one. */
const HEARTBEAT_MS = 15_000;
/** What EventSource clients wait before reconnecting (ours reconnect with their own backoff). */
const RETRY_MS = 2_000;

/**
 * The server-sent-event streams of `/sync/events`: each says "there are changes for you" and
 * never what they are; the workstation pulls. One notice is sent at once on connecting, so a
 * workstation that was away pulls what it missed without waiting for the next change.
 */
export class ChangeStreams {
  private readonly open = new Set<ServerResponse>();

  constructor(
    private readonly notifier: SyncNotifier,
    private readonly now: () => Date,
  ) {}

  async attach(request: IncomingMessage, response: ServerResponse, clientId: string, organizationId: string): Promise<void> {
    let open = false;
    const notify = () => {
      if (!open) return; // the first notice, sent below, covers it
      const notice: ChangeNotice = { type: 'changes', at: this.now().toISOString() };
      response.write(`event: changes\ndata: ${JSON.stringify(notice)}\n\n`);
    };
    // Subscribed before the first notice goes out: a change between the two is not lost.
    const unsubscribe = await this.notifier.subscribe(clientId, organizationId, notify);
    if (request.destroyed) return unsubscribe();
    // The stream ends only with its connection, which is never reused for another request: a
    // workstation reconnecting during Central's shutdown must not hold a kept-alive socket open.
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'close', 'x-accel-buffering': 'no' });
    response.write(`retry: ${RETRY_MS}\n\n`);
    open = true;
    notify();
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const close = () => {
      clearInterval(heartbeat);
      unsubscribe();
      this.open.delete(response);
    };
    request.once('close', close);
    response.once('close', close);
    this.open.add(response);
  }

  get size(): number {
    return this.open.size;
  }

  /** Ends every stream, so that closing the server does not wait for workstations to hang up. */
  closeAll(): void {
    for (const response of this.open) response.end(() => response.destroy());
    this.open.clear();
  }
}
