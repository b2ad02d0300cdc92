import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../../test/fixtures/workstation/temp-dir.js';
import { generateDatabaseKey } from '../keys/database-key.js';
import { AUTOMATIC_CHECKPOINT_PAGES, BackgroundCheckpoint } from './background-checkpoint.js';
import { LocalStore } from './local-store.js';
import Database from 'better-sqlite3-multiple-ciphers';
import { cipherOf, openEncryptedDatabase, type SqliteDatabase } from './open.js';

let dir: ReturnType<typeof makeTempDir>;
let path: string;
beforeEach(() => {
  dir = makeTempDir();
  path = join(dir.path, 'store.db');
});
afterEach(() => dir.remove());

/** A page of a download: 400 rows of about 1 KB each, committed at once. */
function writePage(db: SqliteDatabase, page: number): void {
  const insert = db.prepare('INSERT INTO downloaded (page, body) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 400; i++) insert.run(page, `${page}-${i}-`.padEnd(1000, 'ж'));
  })();
}

const walBytes = () => statSync(`${path}-wal`).size;
const automaticPages = (db: SqliteDatabase) => db.pragma('wal_autocheckpoint', { simple: true });

describe('the background checkpoint of a long download', () => {
  it('keeps the WAL about a page long with the writer checkpointing never, and loses nothing', async () => {
    const key = generateDatabaseKey();
    const db = openEncryptedDatabase(path, key);
    db.exec('CREATE TABLE downloaded (page INTEGER, body TEXT)');
    const background = new BackgroundCheckpoint(db, path, key);
    expect(automaticPages(db)).toBe(0);
    writePage(db, 0);
    background.committed();
    await background.settled();
    const onePage = walBytes();
    let largest = onePage;
    for (let page = 1; page < 15; page++) {
      writePage(db, page);
      background.committed();
      await background.settled();
      largest = Math.max(largest, walBytes());
    }
    // Without the worker's checkpoints the WAL would hold all 15 pages (and the writer none of them).
    expect(largest).toBeLessThan(2 * onePage);
    expect(background.failure).toBeNull();
    await background.end();
    expect(automaticPages(db)).toBe(AUTOMATIC_CHECKPOINT_PAGES);
    db.close();

    const reopened = openEncryptedDatabase(path, key);
    expect(reopened.prepare('SELECT count(*) AS n, count(DISTINCT page) AS pages FROM downloaded').get()).toEqual({ n: 6000, pages: 15 });
    reopened.close();
  });

  it('opens a store of SQLCipher\'s scheme (made before AEGIS) with that scheme', async () => {
    const key = generateDatabaseKey();
    const legacy = new Database(path);
    legacy.pragma(`cipher = 'sqlcipher'`);
    legacy.pragma(`key = "x'${key}'"`);
    legacy.exec('CREATE TABLE downloaded (page INTEGER, body TEXT)');
    legacy.close();
    const db = openEncryptedDatabase(path, key);
    expect(cipherOf(db)).toBe('sqlcipher');
    const background = new BackgroundCheckpoint(db, path, key);
    const sizes: number[] = [];
    for (let page = 0; page < 4; page++) {
      writePage(db, page);
      background.committed();
      await background.settled();
      sizes.push(walBytes());
    }
    // A worker that could not read this cipher would have given up (the writer checkpointing again).
    expect(background.failure).toBeNull();
    expect(Math.max(...sizes)).toBeLessThan(2 * sizes[0]!);
    await background.end();
    db.close();
  });

  it('gives up when its connection cannot read the store, and the writer checkpoints for itself again', async () => {
    const db = openEncryptedDatabase(path, generateDatabaseKey());
    db.exec('CREATE TABLE downloaded (page INTEGER, body TEXT)');
    const background = new BackgroundCheckpoint(db, path, generateDatabaseKey());
    await vi.waitFor(() => expect(background.failure).toMatch(/not a database/));
    expect(automaticPages(db)).toBe(AUTOMATIC_CHECKPOINT_PAGES);
    background.committed();
    await background.settled();
    await background.end();
    db.close();
  });

  it('ends with the store: closing mid-download loses no page and leaves no thread behind', async () => {
    const key = generateDatabaseKey();
    const store = LocalStore.open(path, key);
    const background = store.checkpointInBackground()!;
    for (let page = 0; page < 5; page++) {
      store.resources.upsertMany(
        Array.from({ length: 200 }, (_, i) => ({ resourceType: 'Observation' as const, id: `o-${page}-${i}`, status: 'final' as const, code: { text: 'ж'.repeat(500) }, meta: { versionId: '1' } })),
      );
      background.committed();
    }
    store.close();
    await background.end();
    expect(background.failure).toBeNull();
    const reopened = LocalStore.open(path, key);
    expect(reopened.resources.count()).toBe(1000);
    reopened.close();
  });

  it('runs one at a time for a store, and another may start once it has ended', async () => {
    const store = LocalStore.open(path, generateDatabaseKey());
    const first = store.checkpointInBackground();
    expect(first).not.toBeNull();
    expect(store.checkpointInBackground()).toBeNull();
    await first!.end();
    const second = store.checkpointInBackground();
    expect(second).not.toBeNull();
    await second!.end();
    store.close();
  });
});
