import type { LocalStore } from '../db/local-store.js';
import { LocalStore as Store } from '../db/local-store.js';
import type { DatabaseKey } from '../keys/database-key.js';
import { ServiceError } from '../services/errors.js';
import type { StoreAccess } from '../session/store-access.js';
import type { KeySource } from './key-source.js';

/**
 * The host's hold on the encrypted store: open while someone works (or nobody is logged in),
 * closed with its key forgotten while the screen is locked. Services ask for the store on every
 * call through `require()`, so nothing keeps a closed one.
 */
export class StoreKeeper implements StoreAccess {
  private store: LocalStore | null = null;
  private key: DatabaseKey | null = null;
  private readonly listeners = new Set<(store: LocalStore | null) => void>();

  constructor(
    private readonly path: string,
    private readonly source: KeySource,
  ) {}

  async open(): Promise<LocalStore> {
    this.openWith(await this.source.first());
    return this.store!;
  }

  current(): LocalStore | null {
    return this.store;
  }

  require(): LocalStore {
    if (!this.store) throw new ServiceError('locked', 'The session is locked');
    return this.store;
  }

  currentKey(): DatabaseKey | null {
    return this.key;
  }

  openWith(key: DatabaseKey): void {
    if (this.store) return;
    this.store = Store.open(this.path, key);
    this.key = key;
    this.emit();
  }

  reopenFromSource(): boolean {
    if (this.store) return true;
    if (!this.source.reload) return false;
    this.openWith(this.source.reload());
    return true;
  }

  close(): void {
    if (!this.store) return;
    const store = this.store;
    this.store = null;
    this.key = null;
    // Listeners (the sync engine) stop using the store before it closes.
    this.emit();
    store.close();
  }

  /** Called with the store when it opens and with null when it is about to close. */
  onChange(listener: (store: LocalStore | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.store);
  }
}
