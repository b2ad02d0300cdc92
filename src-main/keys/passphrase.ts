import { randomBytes, scryptSync } from 'node:crypto';
import { createSecretFile, readSecretFile } from './secret-file.js';
import { DATABASE_KEY_BYTES, DatabaseKeyError, type DatabaseKey } from './database-key.js';

export const MIN_PASSPHRASE_LENGTH = 10;

// scrypt at N=2^15, r=8 costs ~32 MiB and ~0.1 s: cheap once per start, expensive per guess.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const SALT_BYTES = 16;

/**
 * The key derived from a passphrase, for machines where the OS cannot protect a stored key (for
 * example Linux without a keyring). The salt is not secret but must stay the same, so it is kept in
 * a file; losing it makes the database unreadable, exactly like losing the passphrase.
 */
export function deriveKeyFromPassphrase(passphrase: string, saltPath: string): DatabaseKey {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new DatabaseKeyError(`The passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long`);
  }
  const salt = loadOrCreateSalt(saltPath);
  const key = scryptSync(passphrase.normalize('NFC'), salt, DATABASE_KEY_BYTES, SCRYPT);
  return key.toString('hex') as DatabaseKey;
}

function loadOrCreateSalt(path: string): Buffer {
  const existing = readSecretFile(path);
  if (existing) {
    const salt = Buffer.from(existing.toString('utf8').trim(), 'hex');
    if (salt.length !== SALT_BYTES) throw new DatabaseKeyError(`The salt file ${path} is damaged`);
    return salt;
  }
  createSecretFile(path, randomBytes(SALT_BYTES).toString('hex') + '\n');
  return loadOrCreateSalt(path);
}
