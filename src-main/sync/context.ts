import type { LocalStore } from '../db/local-store.js';
import type { SyncHttpOptions } from './http.js';

/** What the push and pull steps share: the store, the way to Central, who we are, the clock. */
export interface SyncContext {
  store: LocalStore;
  http: SyncHttpOptions;
  /** This workstation's sync client id (its enrolled device id). */
  clientId: string;
  now: () => Date;
  /** Mutations per push request (Central takes at most MAX_MUTATIONS_PER_PUSH). */
  pushBatch: number;
  /** Changes per pull page. */
  pullLimit: number;
}
