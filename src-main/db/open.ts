import { closeSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import type { DatabaseKey } from '../keys/database-key.js';

export type SqliteDatabase = Database.Database;

export type LocalStoreOpenProblem = 'wrong-key' | 'not-encrypted';

/** The store could not be opened safely; the message is meant for the person at the workstation. */
export class LocalStoreOpenError extends Error {
  constructor(
    readonly problem: LocalStoreOpenProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LocalStoreOpenError';
  }
}

const PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * How the store's pages are encrypted. New stores use AEGIS-256: authenticated encryption (a
 * changed page fails to decrypt) that runs on the processor's AES instructions. Stores created
 * before it use SQLCipher's scheme (AES-256-CBC with an HMAC-SHA512 per page): they keep opening
 * and stay as they are. Encrypting at commit took SQLCipher's scheme 15-22 us of CPU per resource a
 * download writes, AEGIS 3-5 (statements about 6), so it decided the speed of a first download.
 * Every setting is written out: a library whose defaults changed must not lock a store.
 */
export type StoreCipher = 'aegis' | 'sqlcipher';
/** In the order an existing store is tried; a new store gets the first. */
const CIPHER_PRAGMAS: Record<StoreCipher, readonly string[]> = {
  aegis: [`cipher = 'aegis'`, `algorithm = 'aegis-256'`],
  sqlcipher: [`cipher = 'sqlcipher'`],
};
const STORE_CIPHERS = Object.keys(CIPHER_PRAGMAS) as StoreCipher[];

/** The settings that must come before the key for a connection to read a store of this cipher. */
export function cipherPragmas(cipher: StoreCipher): readonly string[] {
  return CIPHER_PRAGMAS[cipher];
}

/** The cipher a connection opened by openEncryptedDatabase reads its store with. */
export function cipherOf(db: SqliteDatabase): StoreCipher {
  const cipher = db.pragma('cipher', { simple: true });
  if (!STORE_CIPHERS.includes(cipher as StoreCipher)) throw new Error(`The local database uses an unexpected cipher: ${String(cipher)}`);
  return cipher as StoreCipher;
}

/**
 * Opens (or creates) the encrypted local database. A SQLite build without encryption ignores
 * `PRAGMA key` and writes plaintext, so both outcomes are verified rather than assumed: the key must
 * decrypt the schema, and the file on disk must not start with the plaintext SQLite header. An
 * existing store is tried with each cipher a store of ours may have; a wrong key fails them all.
 */
export function openEncryptedDatabase(path: string, key: DatabaseKey): SqliteDatabase {
  if (!/^[0-9a-f]{64}$/.test(key)) throw new TypeError('openEncryptedDatabase needs a 64-character hex key');
  refuseIfPlaintext(path);
  const ciphers = readHeader(path) ? STORE_CIPHERS : STORE_CIPHERS.slice(0, 1);
  let refusal: unknown;
  for (const cipher of ciphers) {
    const db = new Database(path);
    try {
      for (const pragma of CIPHER_PRAGMAS[cipher]) db.pragma(pragma);
      db.pragma(`key = "x'${key}'"`);
      checkKeyWorks(db);
    } catch (error) {
      db.close();
      refusal = error;
      continue;
    }
    try {
      configure(db);
      refuseIfPlaintext(path);
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  }
  throw refusal;
}

function configure(db: SqliteDatabase): void {
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only a power cut can lose the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Sorts and temporary tables stay in memory: SQLite's temp files are not encrypted.
  db.pragma('temp_store = MEMORY');
  // Pages are decrypted on every read from outside the cache: 64 MiB keeps the search indexes
  // and the charts being read warm (the default 2 MiB made a search of 200k patients re-decrypt).
  db.pragma('cache_size = -65536');
  db.pragma('busy_timeout = 5000');
}

function checkKeyWorks(db: SqliteDatabase): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (cause) {
    throw new LocalStoreOpenError('wrong-key', 'The local database could not be opened: the key is wrong or the file is damaged', { cause });
  }
}

function refuseIfPlaintext(path: string): void {
  const header = readHeader(path);
  if (header && header.equals(PLAINTEXT_HEADER)) {
    throw new LocalStoreOpenError(
      'not-encrypted',
      `The local database ${path} is not encrypted (its header is "SQLite format 3"); refusing to keep patient data in it`,
    );
  }
}

function readHeader(path: string): Buffer | undefined {
  try {
    if (statSync(path).size < PLAINTEXT_HEADER.length) return undefined;
  } catch {
    return undefined;
  }
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(PLAINTEXT_HEADER.length);
    readSync(fd, header, 0, header.length, 0);
    return header;
  } finally {
    closeSync(fd);
  }
}
