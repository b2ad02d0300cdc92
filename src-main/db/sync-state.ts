import type { SqliteDatabase } from './open.js';

/** Named values the sync engine keeps between runs (the pull cursor, the client id, …). */
export class SyncStateRepository {
  private readonly select;
  private readonly upsert;
  private readonly remove;

  constructor(db: SqliteDatabase) {
    this.select = db.prepare<[string], { value: string }>('SELECT value FROM sync_state WHERE key = ?');
    this.upsert = db.prepare<[string, string]>('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.remove = db.prepare<[string]>('DELETE FROM sync_state WHERE key = ?');
  }

  get(key: string): string | undefined {
    return this.select.get(key)?.value;
  }

  set(key: string, value: string): void {
    this.upsert.run(key, value);
  }

  delete(key: string): void {
    this.remove.run(key);
  }
}

export const PULL_CURSOR = 'pull.cursor';
/** When a push and pull last went through to the end (ISO time). */
export const LAST_SYNC_AT = 'sync.lastSyncAt';
/** A long download under way, `{done, total}`: kept with each page so a resumed one counts on. */
export const PULL_PROGRESS = 'pull.progress';
