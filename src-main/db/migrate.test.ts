import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/fixtures/workstation/temp-dir.js';
import { generateDatabaseKey } from '../keys/database-key.js';
import { migrate, MIGRATIONS, type Migration } from './migrate.js';
import { openEncryptedDatabase, type SqliteDatabase } from './open.js';

let dir: ReturnType<typeof makeTempDir>;
let db: SqliteDatabase;
beforeEach(() => {
  dir = makeTempDir();
  db = openEncryptedDatabase(join(dir.path, 'store.db'), generateDatabaseKey());
});
afterEach(() => {
  db.close();
  dir.remove();
});

const m = (version: number, table: string): Migration => ({ version, name: table, sql: `CREATE TABLE ${table} (x)` });
const tables = () => db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 't%' ORDER BY name").all().map((r) => r.name);

describe('migrate', () => {
  it('applies each migration once, in order', () => {
    expect(migrate(db, [m(1, 't1'), m(10, 't10')])).toEqual([1, 10]);
    expect(migrate(db, [m(1, 't1'), m(10, 't10')])).toEqual([]);
    expect(tables()).toEqual(['t1', 't10']);
  });

  it('applies a migration of a lower range written after a higher one had already run', () => {
    migrate(db, [m(1, 't1'), m(10, 't10')]);
    expect(migrate(db, [m(1, 't1'), m(3, 't3'), m(10, 't10')])).toEqual([3]);
    expect(tables()).toEqual(['t1', 't10', 't3']);
  });

  it('reads a database from before the migration record by its user_version', () => {
    db.exec('CREATE TABLE t1 (x); CREATE TABLE t2 (x)');
    db.pragma('user_version = 2');
    expect(migrate(db, [m(1, 't1'), m(2, 't2'), m(10, 't10')])).toEqual([10]);
  });

  it('refuses a database from a newer program', () => {
    migrate(db, [m(1, 't1'), m(10, 't10')]);
    expect(() => migrate(db, [m(1, 't1')])).toThrow(/does not know; update the program/);
  });

  it('leaves nothing of a migration that fails', () => {
    expect(() => migrate(db, [m(1, 't1'), { version: 2, name: 'bad', sql: 'CREATE TABLE t2 (x); NOT SQL' }])).toThrow();
    expect(tables()).toEqual(['t1']);
    expect(migrate(db, [m(1, 't1'), m(2, 't2')])).toEqual([2]);
  });
});

describe('migration 3 (name keys)', () => {
  it('fills the key table from a patient index written before it existed', () => {
    migrate(db, MIGRATIONS.filter((m) => m.version <= 2));
    db.prepare(`INSERT INTO patient_index (patient_id, display_name, surname_key, surname_keys, given_keys) VALUES ('p1', 'Шчарбакоў Язэп', 'shcharbakov', 'shcharbakov shcherbakov', 'iazep iosif')`).run();
    migrate(db);
    const keys = db.prepare<[], { part: string; key: string; surname: string }>('SELECT part, key, surname FROM patient_name_key ORDER BY part, key').all();
    expect(keys).toEqual([
      { part: 'g', key: 'iazep', surname: 'shcharbakov' },
      { part: 'g', key: 'iosif', surname: 'shcharbakov' },
      { part: 's', key: 'shcharbakov', surname: 'shcharbakov' },
      { part: 's', key: 'shcherbakov', surname: 'shcharbakov' },
    ]);
  });
});
