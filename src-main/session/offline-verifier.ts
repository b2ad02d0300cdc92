import { scrypt, timingSafeEqual } from 'node:crypto';
import type { OfflineVerifier } from '../db/staff-accounts.js';

/**
 * Checks a password against the verifier Central issued at the last online login
 * (src-server/auth/offline-verifier.ts describes the computation). Runs on libuv's thread pool.
 */
export function passwordMatchesVerifier(password: string, verifier: OfflineVerifier): Promise<boolean> {
  const expected = Buffer.from(verifier.verifier, 'base64url');
  const salt = Buffer.from(verifier.salt, 'base64url');
  const options = { N: verifier.N, r: verifier.r, p: verifier.p, maxmem: 256 * verifier.N * verifier.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, verifier.keyLength, options, (error, key) => {
      if (error) return reject(error);
      resolve(key.length === expected.length && timingSafeEqual(key, expected));
    });
  });
}
