import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import type { DatabaseKey } from '../keys/database-key.js';

/**
 * While the screen is locked the database is closed and its key is not in memory in the clear: only
 * this copy, sealed with a key derived from the password of the person who locked it, so that the
 * same person's password opens it again. It never leaves memory.
 */
export interface SealedKey {
  salt: Buffer;
  iv: Buffer;
  tag: Buffer;
  sealed: Buffer;
}

// scrypt at N=2^14: ~50 ms, once at login and once per unlock.
const COST = { N: 1 << 14, r: 8, p: 1, maxmem: 32 * 1024 * 1024 };

function deriveSealingKey(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, 32, COST, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function sealKey(key: DatabaseKey, password: string): Promise<SealedKey> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await deriveSealingKey(password, salt), iv);
  const sealed = Buffer.concat([cipher.update(Buffer.from(key, 'utf8')), cipher.final()]);
  return { salt, iv, tag: cipher.getAuthTag(), sealed };
}

/** The key, or null when the password is not the one it was sealed with. */
export async function unsealKey(sealed: SealedKey, password: string): Promise<DatabaseKey | null> {
  const decipher = createDecipheriv('aes-256-gcm', await deriveSealingKey(password, sealed.salt), sealed.iv);
  decipher.setAuthTag(sealed.tag);
  try {
    return Buffer.concat([decipher.update(sealed.sealed), decipher.final()]).toString('utf8') as DatabaseKey;
  } catch {
    return null;
  }
}
