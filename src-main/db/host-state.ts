import type { SqliteDatabase } from './open.js';

/** Names of the host's small values, so every key used is listed in one place. */
export const HOST_KEYS = {
  /** The headless CLI's logged-in user and until when (JSON). */
  cliSession: 'cli.session',
  /** When the ICD-10 copy was last pulled from Central (ISO time). */
  icd10PulledAt: 'icd10.pulledAt',
} as const;
export type HostKey = (typeof HOST_KEYS)[keyof typeof HOST_KEYS];

export class HostStateRepository {
  private readonly select;
  private readonly upsert;
  private readonly remove;

  constructor(db: SqliteDatabase) {
    this.select = db.prepare<[string], { value: string }>('SELECT value FROM host_state WHERE key = ?');
    this.upsert = db.prepare<[string, string]>('INSERT INTO host_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.remove = db.prepare<[string]>('DELETE FROM host_state WHERE key = ?');
  }

  get(key: HostKey): string | undefined {
    return this.select.get(key)?.value;
  }

  set(key: HostKey, value: string): void {
    this.upsert.run(key, value);
  }

  delete(key: HostKey): void {
    this.remove.run(key);
  }
}
