import { randomBytes } from 'node:crypto';

/**
 * The local database key: 32 random bytes written as 64 lower-case hex characters. It is handed to
 * SQLite as a raw key (`x'…'`), so SQLCipher skips its own passphrase derivation, and because it is
 * checked to be hex it can be placed in a PRAGMA without any risk of injection.
 */
export type DatabaseKey = string & { readonly __brand: 'DatabaseKey' };

export const DATABASE_KEY_BYTES = 32;

/** A key problem a person can act on: a bad key file, a refused wrapper, a wrong passphrase. */
export class DatabaseKeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseKeyError';
  }
}

export function generateDatabaseKey(): DatabaseKey {
  return randomBytes(DATABASE_KEY_BYTES).toString('hex') as DatabaseKey;
}

export function parseDatabaseKey(text: string, where = 'the key'): DatabaseKey {
  const hex = text.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new DatabaseKeyError(`${where} is not a database key: expected ${DATABASE_KEY_BYTES * 2} hex characters`);
  }
  return hex as DatabaseKey;
}
