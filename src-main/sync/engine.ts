import type { Resource } from '@medplum/fhirtypes';
import type { InboxItem, SyncStatus } from '../../shared/api/sync.js';
import { fetchPatientResponseSchema, MAX_PULL_LIMIT } from '../../shared/sync/protocol.js';
import { PROTOCOL_VERSION } from '../../shared/sync/version.js';
import type { BackgroundCheckpoint } from '../db/background-checkpoint.js';
import type { LocalStore } from '../db/local-store.js';
import { LAST_SYNC_AT } from '../db/sync-state.js';
import type { SyncPort } from '../services/ports.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import type { SyncContext } from './context.js';
import { DownloadRate } from './download-rate.js';
import { postSync, SyncRequestError } from './http.js';
import { presentInboxItem } from './inbox-view.js';
import { ChangeNotices } from './notices.js';
import { applyPulledPage, requestPage, type ReceivedPage, type RequestedPage } from './pull.js';
import { pushOutbox } from './push.js';
import { resolveInboxItem, type Resolution } from './resolve.js';

export interface SyncEngineOptions {
  store: LocalStore;
  centralUrl: string;
  /** This workstation's sync client id: its enrolled device id. */
  clientId: string;
  /** The bearer token to sync with (the device's own when nobody is logged in); null when none. */
  accessToken: () => Promise<string | null>;
  fetch?: typeof fetch;
  now?: () => Date;
  log?: (message: string, error?: unknown) => void;
  /** Called when Central refused the token (401), so the host drops it and gets a new one. */
  onUnauthorized?: () => void;
  /** Listen to /sync/events (default true). */
  listen?: boolean;
  /** Time between syncs while change notices are connected (they trigger the real ones). */
  pollMs?: number;
  /** Time between syncs while they are not: the fallback that keeps clinics within seconds. */
  fallbackPollMs?: number;
  backoff?: Partial<BackoffOptions>;
  random?: () => number;
  timeoutMs?: number;
  pushBatch?: number;
  pullLimit?: number;
}

type Listener = Parameters<SyncPort['onChange']>[0];

/** The sync engine: SyncPort for the UI, plus its lifecycle and what the host calls it for. */
export interface SyncEngine extends SyncPort {
  start(): void;
  stop(): Promise<void>;
  /** A local change was queued: push it soon (unless Central is being backed off from). */
  nudge(): void;
  /** resolve, done in this store at once: it can share the caller's transaction (ports.atomically). */
  resolveNow(id: string, choice: Resolution): void;
  /** A patient outside the scope, fetched with a stated reason (audited at Central); pinned, kept. */
  fetchPatient(patientId: string, reason: string, options?: { pinDays?: number }): Promise<Resource[]>;
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  return new Engine(options);
}

class Engine implements SyncEngine {
  private readonly ctx: SyncContext;
  private readonly listeners = new Set<Listener>();
  private readonly notices: ChangeNotices | undefined;
  private readonly backoff: BackoffOptions;
  private readonly random: () => number;
  private readonly log: (message: string, error?: unknown) => void;
  private readonly rate = new DownloadRate();
  private stopper = new AbortController();
  private started = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private retryAfterMs: number | undefined;
  private online = false;
  private lastError: string | null = null;

  constructor(private readonly options: SyncEngineOptions) {
    const base = options.fetch ?? fetch;
    // Stopping the engine cuts whatever request is in flight.
    const stoppable: typeof fetch = (input, init) => base(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, this.stopper.signal]) : this.stopper.signal });
    this.log = options.log ?? (() => undefined);
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.random = options.random ?? Math.random;
    this.ctx = {
      store: options.store,
      clientId: options.clientId,
      now: options.now ?? (() => new Date()),
      http: { centralUrl: options.centralUrl, fetch: stoppable, accessToken: options.accessToken, timeoutMs: options.timeoutMs ?? 30_000 },
      pushBatch: options.pushBatch ?? 100,
      // The largest page Central gives: each page costs both sides a fixed part (a transaction and
      // its commit here), and pages of 1,000 made a first download of 500,000 resources 15% slower.
      pullLimit: Math.min(options.pullLimit ?? MAX_PULL_LIMIT, MAX_PULL_LIMIT),
    };
    if (options.listen !== false) {
      this.notices = new ChangeNotices({
        http: this.ctx.http,
        clientId: options.clientId,
        onNotice: () => this.onNotice(),
        onConnected: () => this.emit(null),
        backoff: { baseMs: this.backoff.baseMs, maxMs: Math.min(this.backoff.maxMs, 30_000) },
        random: this.random,
        log: this.log,
      });
    }
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    if (this.stopper.signal.aborted) this.stopper = new AbortController();
    this.notices?.start();
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    this.stopper.abort();
    await this.notices?.stop();
    await this.running?.catch(() => undefined);
  }

  async syncNow(): Promise<SyncStatus> {
    if (this.stopper.signal.aborted) this.stopper = new AbortController();
    await this.runCycle();
    return this.status();
  }

  nudge(): void {
    if (this.running) this.again = true;
    else if (this.started && this.failures === 0) this.schedule(20);
  }

  status(): SyncStatus {
    const counts = this.ctx.store.inbox.openCounts();
    return {
      online: this.online,
      lastSyncAt: this.ctx.store.syncState.get(LAST_SYNC_AT) ?? null,
      pending: this.ctx.store.outbox.pendingCount(),
      rejections: counts.rejected,
      conflicts: counts.conflict,
      progress: this.rate.current,
      lastError: this.lastError,
    };
  }

  inbox(): InboxItem[] {
    return this.ctx.store.inbox.open().map((item) => presentInboxItem(this.ctx.store, item));
  }

  async resolve(id: string, choice: Resolution): Promise<void> {
    this.resolveNow(id, choice);
  }

  resolveNow(id: string, choice: Resolution): void {
    if (resolveInboxItem(this.ctx.store, id, choice, this.ctx.now())) this.nudge();
    this.emit(null);
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async fetchPatient(patientId: string, reason: string, options: { pinDays?: number } = {}): Promise<Resource[]> {
    const body = { protocolVersion: PROTOCOL_VERSION, clientId: this.ctx.clientId, patientId, reason, ...(options.pinDays ? { pinDays: options.pinDays } : {}) };
    const { resources } = await postSync(this.ctx.http, '/sync/fetch-patient', body, fetchPatientResponseSchema);
    // Pinned at Central too, so the feed keeps this copy current; an unpinned one is only shown.
    if (options.pinDays) {
      this.ctx.store.transaction(() => {
        this.ctx.store.resources.upsertMany(resources);
        this.ctx.store.pinned.pin(patientId, null, this.ctx.now());
      });
      this.emit([patientId]);
    }
    return resources;
  }

  /** Runs one cycle now; a request during a cycle runs another right after it (changes made meanwhile). */
  private runCycle(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    clearTimeout(this.timer);
    this.running = (async () => {
      let succeeded: boolean;
      do {
        this.again = false;
        succeeded = await this.cycle();
      } while (succeeded && this.again && !this.stopper.signal.aborted);
    })().finally(() => {
      this.running = null;
      this.schedule(this.nextDelay());
    });
    return this.running;
  }

  /**
   * Push, then pull page by page, pushing again before each page: local work never waits for a long
   * download. The next page is asked for while the current one is written, so Central prepares it
   * meanwhile; it is applied only on top of the cursor it was asked with. A page asked for before a
   * push that sent something does not reflect that push: the cycle then ends only after a page
   * asked for later.
   */
  private async cycle(): Promise<boolean> {
    let succeeded = false;
    let ahead: { cursor: string; requested: RequestedPage } | null = null;
    // Asked for once, when a page says more follow: a long download's WAL is copied on another
    // thread. Null when none could start (the writer checkpoints itself); not asked again per page.
    let background: BackgroundCheckpoint | null | undefined;
    try {
      for (;;) {
        const pushed = await pushOutbox(this.ctx);
        const sent = pushed.applied + pushed.rejected > 0;
        if (sent) this.emit(pushed.patientIds.size > 0 ? [...pushed.patientIds] : null);
        const cursor = this.ctx.store.pullCursor();
        const early: RequestedPage | null = ahead && ahead.cursor === cursor ? ahead.requested : null;
        ahead = null;
        const requested: RequestedPage = early ?? requestPage(this.ctx, cursor);
        // Central names the next cursor in the answer's head: the next page is asked for before
        // this one is read, so Central prepares it while this process parses and writes.
        const next: string | null = await requested.nextCursor;
        if (next !== null && !this.stopper.signal.aborted) ahead = { cursor: next, requested: requestedAhead(requestPage(this.ctx, next)) };
        const response: ReceivedPage = await requested.page;
        if (!ahead && response.hasMore && !this.stopper.signal.aborted) {
          ahead = { cursor: response.cursor, requested: requestedAhead(requestPage(this.ctx, response.cursor)) };
          // Let the request leave before this process is busy writing the page.
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (response.hasMore && background === undefined) background = this.ctx.store.checkpointInBackground();
        const page = applyPulledPage(this.ctx, response);
        background?.committed();
        this.online = true;
        this.rate.update(page.progress, page.changes);
        if (page.changes > 0 || page.progress) this.emit(page.patientIds);
        if ((!page.hasMore && !(early && sent)) || this.stopper.signal.aborted) break;
      }
      this.failures = 0;
      this.retryAfterMs = undefined;
      this.lastError = null;
      this.ctx.store.syncState.set(LAST_SYNC_AT, this.ctx.now().toISOString());
      succeeded = true;
    } catch (error) {
      this.failed(error);
    }
    await background?.end();
    this.emit(null);
    return succeeded;
  }

  private failed(error: unknown): void {
    this.failures++;
    if (error instanceof SyncRequestError) {
      this.online = error.kind === 'protocol' || error.kind === 'refused';
      this.lastError = error.message;
      this.retryAfterMs = error.kind === 'protocol' ? this.backoff.maxMs : error.retryAfterMs;
      if (error.kind === 'unauthorized') this.options.onUnauthorized?.();
      if (error.kind === 'refused' || error.kind === 'protocol') this.log(`sync: ${error.message}`);
    } else {
      // Not Central's doing (a local bug, a full disk): said plainly, retried like the rest.
      this.lastError = `Sync failed on this workstation: ${error instanceof Error ? error.message : String(error)}`;
      this.log('sync: cycle failed', error);
    }
  }

  private nextDelay(): number {
    if (this.failures > 0) return backoffDelay(this.failures, this.backoff, this.random, this.retryAfterMs);
    return this.notices?.connected ? (this.options.pollMs ?? 60_000) : (this.options.fallbackPollMs ?? 2_000);
  }

  private onNotice(): void {
    // Central just spoke to us, whatever the backoff thought: sync now.
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (!this.started) return;
    this.timer = setTimeout(() => void this.runCycle().catch((error: unknown) => this.log('sync: cycle failed', error)), ms);
  }

  private emit(patientIds: string[] | null): void {
    // After stop() the host may already have closed the store: nobody is listening for this.
    if (this.listeners.size === 0 || this.stopper.signal.aborted) return;
    let status: SyncStatus;
    try {
      status = this.status();
    } catch (error) {
      this.log('sync: the status could not be read', error);
      return;
    }
    const change = { status, patientIds };
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.log('sync: a change listener failed', error);
      }
    }
  }
}

/** A page asked for ahead may be dropped unread (a push went up, the cycle failed): its failure is not unhandled. */
function requestedAhead(requested: RequestedPage): RequestedPage {
  requested.page.catch(() => undefined);
  return requested;
}
