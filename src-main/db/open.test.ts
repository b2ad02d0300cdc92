import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makePatient } from '../../test/fixtures/workstation/patients.js';
import { makeTempDir } from '../../test/fixtures/workstation/temp-dir.js';
import { generateDatabaseKey, type DatabaseKey } from '../keys/database-key.js';
import { LocalStore } from './local-store.js';
import { cipherOf, LocalStoreOpenError, openEncryptedDatabase } from './open.js';
import Database from 'better-sqlite3-multiple-ciphers';

let dir: ReturnType<typeof makeTempDir>;
beforeEach(() => (dir = makeTempDir()));
afterEach(() => dir.remove());

const patient = makePatient({
  id: 'p1', family: 'Шчарбакоў', given: 'Язэп', patronymic: 'Рыгоравіч', birthDate: '1961-04-12', gender: 'male',
  otherNames: [{ family: 'Shcharbakou', given: 'Yazep' }],
});

/** Every file SQLite may have written next to the database: main file, -wal, -shm, -journal. */
function storeFiles(): Buffer[] {
  return readdirSync(dir.path).filter((name) => name.startsWith('store.db')).map((name) => readFileSync(join(dir.path, name)));
}

describe('the encrypted local store', () => {
  it('refuses a wrong key with a clear error', () => {
    const path = join(dir.path, 'store.db');
    LocalStore.open(path, generateDatabaseKey()).close();
    let error: unknown;
    try {
      LocalStore.open(path, generateDatabaseKey());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LocalStoreOpenError);
    expect((error as LocalStoreOpenError).problem).toBe('wrong-key');
    expect((error as Error).message).toBe('The local database could not be opened: the key is wrong or the file is damaged');
  });

  it('opens again with the right key and finds what was written', () => {
    const path = join(dir.path, 'store.db');
    const key = generateDatabaseKey();
    const store = LocalStore.open(path, key);
    store.resources.upsertMany([patient]);
    store.close();
    const again = LocalStore.open(path, key);
    expect(again.resources.get('Patient', 'p1')).toEqual(patient);
    again.close();
  });

  it('keeps no patient data in plaintext in the database, WAL, shared-memory or journal files', () => {
    const path = join(dir.path, 'store.db');
    const store = LocalStore.open(path, generateDatabaseKey());
    store.resources.upsertMany([patient]);
    store.outbox.enqueue('patient.update', { family: 'Шчарбакоў' });
    // Before a checkpoint the rows sit in the WAL: that file must be encrypted too.
    const secrets = ['Шчарбакоў', 'Язэп', 'Shcharbakou', 'shcharbakou', patient.identifier![0]!.value!, 'Patient'];
    const check = () => {
      const files = storeFiles();
      for (const bytes of files) {
        for (const secret of secrets) {
          expect(bytes.includes(Buffer.from(secret, 'utf8'))).toBe(false);
          expect(bytes.includes(Buffer.from(secret, 'utf16le'))).toBe(false);
        }
      }
      expect(readFileSync(path).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    };
    // The test means something only if the WAL really holds the rows at this point.
    expect(readFileSync(`${path}-wal`).length).toBeGreaterThan(4096);
    check();
    store.checkpoint();
    check();
    store.close();
    check();
  });

  it('refuses a plaintext SQLite file rather than storing patients in it', () => {
    const path = join(dir.path, 'store.db');
    const plain = new Database(path);
    plain.exec('CREATE TABLE t (x)');
    plain.close();
    expect(readFileSync(path).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    expect(() => openEncryptedDatabase(path, generateDatabaseKey())).toThrow(/not encrypted/);
  });

  it('reports a file that is not a database at all as wrong key or damaged', () => {
    const path = join(dir.path, 'store.db');
    writeFileSync(path, Buffer.alloc(8192, 7));
    expect(() => LocalStore.open(path, generateDatabaseKey())).toThrow(LocalStoreOpenError);
  });

  it('encrypts a new store with AEGIS-256', () => {
    const db = openEncryptedDatabase(join(dir.path, 'store.db'), generateDatabaseKey());
    expect(cipherOf(db)).toBe('aegis');
    expect(db.pragma('algorithm', { simple: true })).toBe('aegis-256');
    db.close();
  });
});

/** A store as the workstation created it before AEGIS: SQLCipher's scheme, the same key. */
function legacySqlcipherStore(path: string, key: DatabaseKey): void {
  const db = new Database(path);
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma(`key = "x'${key}'"`);
  db.pragma('journal_mode = WAL');
  db.close();
  const store = LocalStore.open(path, key);
  store.resources.upsertMany([patient]);
  store.close();
}

describe('a store encrypted with SQLCipher\'s scheme before AEGIS', () => {
  it('opens with its key, keeps its data and its scheme, and takes new writes', () => {
    const path = join(dir.path, 'store.db');
    const key = generateDatabaseKey();
    legacySqlcipherStore(path, key);
    const store = LocalStore.open(path, key);
    expect(store.resources.get('Patient', 'p1')).toEqual(patient);
    store.resources.upsertMany([{ ...patient, id: 'p2' }]);
    store.close();

    const db = openEncryptedDatabase(path, key);
    expect(cipherOf(db)).toBe('sqlcipher');
    expect(db.prepare("SELECT id FROM resources WHERE type = 'Patient' ORDER BY id").pluck().all()).toEqual(['p1', 'p2']);
    db.close();
    // Still readable by SQLCipher's scheme alone: nothing was rewritten in another cipher.
    const plainSqlcipher = new Database(path);
    plainSqlcipher.pragma(`cipher = 'sqlcipher'`);
    plainSqlcipher.pragma(`key = "x'${key}'"`);
    expect(plainSqlcipher.prepare('SELECT count(*) FROM resources').pluck().get()).toBe(2);
    plainSqlcipher.close();
  });

  it('refuses a wrong key as for any store', () => {
    const path = join(dir.path, 'store.db');
    legacySqlcipherStore(path, generateDatabaseKey());
    expect(() => LocalStore.open(path, generateDatabaseKey())).toThrow(expect.objectContaining({ problem: 'wrong-key' }));
  });

  it('keeps no patient data in plaintext', () => {
    const path = join(dir.path, 'store.db');
    legacySqlcipherStore(path, generateDatabaseKey());
    for (const bytes of storeFiles()) expect(bytes.includes(Buffer.from('Шчарбакоў', 'utf8'))).toBe(false);
    expect(readFileSync(path).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
  });
});
