import type { SqliteDatabase } from './open.js';
import { replicaSchema } from './migrations/001-replica.js';
import { workstationSchema } from './migrations/002-workstation.js';
import { nameKeysSchema } from './migrations/003-name-keys.js';
import { resourceChangesSchema } from './migrations/004-resource-changes.js';
import { chartPartsSchema } from './migrations/005-chart-parts.js';
import { unusedIndexSchema } from './migrations/006-unused-index.js';
import { syncAuthorSchema } from './migrations/010-sync-author.js';
import { schedulingSchema } from './migrations/020-scheduling.js';
import { sickLeaveSchema } from './migrations/030-sick-leave.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every schema change, in order. Append only: a shipped migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'replica', sql: replicaSchema },
  { version: 2, name: 'workstation', sql: workstationSchema },
  { version: 3, name: 'name-keys', sql: nameKeysSchema },
  { version: 4, name: 'resource-changes', sql: resourceChangesSchema },
  { version: 5, name: 'chart-parts', sql: chartPartsSchema },
  { version: 6, name: 'unused-index', sql: unusedIndexSchema },
  { version: 10, name: 'sync-author', sql: syncAuthorSchema },
  { version: 20, name: 'scheduling', sql: schedulingSchema },
  { version: 30, name: 'sick-leave', sql: sickLeaveSchema },
];

/**
 * Brings the schema up to date. Versions come in ranges per module (2-9 host, 10-19 sync, 20-29
 * scheduling, 30-39 registers), so a lower version may be written after a higher one has shipped:
 * which migrations ran is recorded one by one (schema_migration), not inferred from the highest version. Each
 * migration and its record commit together, so a crash mid-upgrade leaves the previous state
 * intact. A database that ran a migration this build does not know comes from a newer build and is
 * refused rather than written with an older idea of its tables.
 */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const done = appliedVersions(db, migrations);
  const known = new Set(migrations.map((m) => m.version));
  const unknown = [...done].filter((v) => !known.has(v));
  if (unknown.length) {
    throw new Error(`The local database has schema version ${Math.max(...unknown)}, which this program does not know; update the program`);
  }
  const record = db.prepare<[number, string, string]>('INSERT INTO schema_migration (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
      const current = db.pragma('user_version', { simple: true }) as number;
      db.pragma(`user_version = ${Math.max(current, Math.trunc(migration.version))}`);
    }).immediate();
    applied.push(migration.version);
  }
  return applied;
}

/**
 * The versions already applied. A database from before the record existed ran exactly the known
 * migrations up to its user_version (they were applied in order then).
 */
function appliedVersions(db: SqliteDatabase, migrations: readonly Migration[]): Set<number> {
  return db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const rows = db.prepare<[], { version: number }>('SELECT version FROM schema_migration').all();
    const userVersion = db.pragma('user_version', { simple: true }) as number;
    if (rows.length === 0 && userVersion > 0) {
      const insert = db.prepare<[number, string, string]>('INSERT INTO schema_migration (version, name, applied_at) VALUES (?, ?, ?)');
      const earlier = migrations.filter((m) => m.version <= userVersion);
      for (const m of earlier) insert.run(m.version, m.name, 'before the migration record');
      // A user_version beyond every known migration: newer than this program.
      if (!migrations.some((m) => m.version === userVersion)) insert.run(userVersion, 'unknown', 'before the migration record');
      return new Set([...earlier.map((m) => m.version), userVersion]);
    }
    return new Set(rows.map((row) => row.version));
  }).immediate();
}
