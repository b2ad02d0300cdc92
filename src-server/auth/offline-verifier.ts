import { randomBytes } from 'node:crypto';
import { derive, SCRYPT_COST } from './passwords.js';

/**
 * What a workstation keeps so that a person who logged in online once can log in again while the
 * network is down. It is NOT Central's password hash: it has its own random salt, drawn afresh at
 * every login, so a verifier taken from a stolen laptop is worth nothing at Central (it is not a
 * credential, and it shares no salt with the stored hash), and two workstations never hold the
 * same verifier. It still lets a thief guess passwords offline at scrypt cost, which is why the
 * workstation keeps it inside its encrypted store.
 *
 * Checking a password offline (the workstation, with node:crypto):
 *   key = scrypt(password.normalize('NFC'), base64url-decode(salt), keyLength, { N, r, p, maxmem })
 *   ok  = timingSafeEqual(key, base64url-decode(verifier))
 */
export interface OfflineVerifier {
  algorithm: 'scrypt';
  /** The account it belongs to: the workstation must check this too, not only the key. */
  userId: string;
  username: string;
  N: number;
  r: number;
  p: number;
  keyLength: number;
  salt: string;
  verifier: string;
  issuedAt: string;
}

const KEY_LENGTH = 32;

export async function makeOfflineVerifier(user: { id: string; username: string }, password: string, now: Date): Promise<OfflineVerifier> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, SCRYPT_COST, KEY_LENGTH);
  return {
    algorithm: 'scrypt',
    userId: user.id,
    username: user.username,
    ...SCRYPT_COST,
    keyLength: KEY_LENGTH,
    salt: salt.toString('base64url'),
    verifier: key.toString('base64url'),
    issuedAt: now.toISOString(),
  };
}
