import type { InboxItem, SyncStatus } from '../../shared/api/sync.js';
import type { LocalStore } from '../db/local-store.js';
import { ServiceError } from '../services/errors.js';
import type { SyncPort } from '../services/ports.js';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from '../sync/engine.js';

type Listener = Parameters<SyncPort['onChange']>[0];

/**
 * The sync engine as the handlers see it, across the engine's lives: there is one only while the
 * store is open and the workstation enrolled (the screen lock closes the store, so it stops the
 * engine; unlocking starts a new one on the reopened store). Listeners stay subscribed throughout.
 */
export class HostSync implements SyncPort {
  private engine: SyncEngine | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly options: Omit<SyncEngineOptions, 'store' | 'clientId' | 'centralUrl'> & { centralUrl: () => string; background: boolean },
  ) {}

  /** Starts an engine over this store for this client; stops the one before. */
  attach(store: LocalStore, clientId: string): void {
    this.detach();
    const { centralUrl, background, ...rest } = this.options;
    const engine = createSyncEngine({ ...rest, store, clientId, centralUrl: centralUrl() });
    this.engine = engine;
    this.unsubscribe = engine.onChange((change) => this.listeners.forEach((listener) => listener(change)));
    if (background) engine.start();
  }

  /** Stops the engine at once (the store is about to close); the request in flight is cut. */
  detach(): void {
    const engine = this.engine;
    if (!engine) return;
    this.engine = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    void engine.stop();
  }

  current(): SyncEngine | null {
    return this.engine;
  }

  status(): SyncStatus {
    if (this.engine) return this.engine.status();
    return { online: false, lastSyncAt: null, pending: 0, rejections: 0, conflicts: 0, progress: null, lastError: null };
  }

  async syncNow(): Promise<SyncStatus> {
    if (!this.engine) throw new ServiceError('unavailable', 'This workstation is not enrolled yet, so there is nothing to synchronise with');
    return this.engine.syncNow();
  }

  inbox(): InboxItem[] {
    return this.engine?.inbox() ?? [];
  }

  resolve(id: string, choice: 'keep-local' | 'keep-central' | 'dismiss'): void {
    if (!this.engine) throw new ServiceError('unavailable', 'The inbox is not available now');
    this.engine.resolveNow(id, choice);
  }

  /** A local change was queued: push it soon. */
  nudge(): void {
    this.engine?.nudge();
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    const engine = this.engine;
    this.detach();
    await engine?.stop();
  }
}
