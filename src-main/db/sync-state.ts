import type { SqliteDatabase } from './open.js';

/** Named values the sync engine keeps between runs (the pull cursor, the client id, …). */
export class SyncStateRepository {
  private readonly select;
  private readonly upsert;

  constructor(db: SqliteDatabase) {
    this.select = db.prepare<[string], { value: string }>('SELECT value FROM sync_state WHERE key = ?');
    this.upsert = db.prepare<[string, string]>('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  get(key: string): string | undefined {
    return this.select.get(key)?.value;
  }

  set(key: string, value: string): void {
    this.upsert.run(key, value);
  }
}

export const PULL_CURSOR = 'pull.cursor';
