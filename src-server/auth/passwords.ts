import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (node:crypto), a random salt per password, and the cost stored in
 * the hash so it can be raised later without invalidating old hashes:
 *   scrypt$<N>$<r>$<p>$<salt base64url>$<key base64url>
 * N=2^15, r=8, p=1 costs ~130 ms and 32 MiB on our 2-core build machine: slow for a guesser,
 * tolerable for a login. It runs on libuv's thread pool, never on the event loop.
 */
export const SCRYPT_COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
export const MIN_PASSWORD_LENGTH = 8;
const MAX_PASSWORD_LENGTH = 1024;

export interface ScryptParameters {
  N: number;
  r: number;
  p: number;
}

/** Passwords are compared as NFC so the same letters typed on two keyboards give the same key. */
export function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

export function derive(password: string, salt: Buffer, cost: ScryptParameters, keyLength = KEY_LENGTH): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(normalizePassword(password), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  checkPasswordStrength(password);
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, SCRYPT_COST);
  return ['scrypt', SCRYPT_COST.N, SCRYPT_COST.r, SCRYPT_COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `password` matches `stored`. A malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every(Number.isSafeInteger) || password.length > MAX_PASSWORD_LENGTH) return false;
  const expected = Buffer.from(parts[5]!, 'base64url');
  const actual = await derive(password, Buffer.from(parts[4]!, 'base64url'), { N, r, p }, expected.length);
  return expected.length > 0 && timingSafeEqual(actual, expected);
}

/**
 * A hash no password matches, checked when the account does not exist so that an unknown name
 * costs the same scrypt work as a wrong password.
 */
export const UNMATCHABLE_HASH = ['scrypt', SCRYPT_COST.N, SCRYPT_COST.r, SCRYPT_COST.p, randomBytes(SALT_BYTES).toString('base64url'), randomBytes(KEY_LENGTH).toString('base64url')].join('$');

export function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new RangeError(`A password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw new RangeError(`A password may have at most ${MAX_PASSWORD_LENGTH} characters`);
}

/** A high-entropy secret (refresh token, client or device secret) and the only form we store. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** Compares a presented secret with a stored SHA-256 without leaking where they differ. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}
