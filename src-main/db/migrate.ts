import type { SqliteDatabase } from './open.js';
import { replicaSchema } from './migrations/001-replica.js';
import { workstationSchema } from './migrations/002-workstation.js';
import { syncAuthorSchema } from './migrations/010-sync-author.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every schema change, in order. Append only: a shipped migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'replica', sql: replicaSchema },
  { version: 2, name: 'workstation', sql: workstationSchema },
  { version: 10, name: 'sync-author', sql: syncAuthorSchema },
];

/**
 * Brings the schema up to date. Each migration and its `user_version` bump commit together, so a
 * crash mid-upgrade leaves the previous version intact. A database from a newer build is refused
 * rather than written with an older idea of its tables.
 */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(`The local database has schema version ${current}, newer than this program knows (${latest}); update the program`);
  }
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${Math.trunc(migration.version)}`);
    }).immediate();
    applied.push(migration.version);
  }
  return applied;
}
