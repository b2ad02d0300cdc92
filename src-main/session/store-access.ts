import type { LocalStore } from '../db/local-store.js';
import type { DatabaseKey } from '../keys/database-key.js';

/**
 * What the session needs of the host's hold on the encrypted store: the open store, its key (to
 * seal at login), closing it when the screen locks, and opening it again.
 */
export interface StoreAccess {
  current(): LocalStore | null;
  currentKey(): DatabaseKey | null;
  /** Closes the store and forgets the key. */
  close(): void;
  /** Opens the store with a key unsealed at unlock; throws if the key does not open it. */
  openWith(key: DatabaseKey): void;
  /** Opens the store from its key source if that needs no person (key file, OS keyring); false otherwise. */
  reopenFromSource(): boolean;
}
