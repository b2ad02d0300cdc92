import type { Queryable } from '../db/database.js';

/**
 * Two brakes on password guessing:
 * - per account: after MAX_FAILURES failed logins within LOCK_MINUTES the account key is locked for
 *   LOCK_MINUTES. Keys are counted whether or not the account exists, so the lock says nothing
 *   about which names are real.
 * - per client address: at most ATTEMPTS_PER_MINUTE failed login attempts of any kind (in this
 *   process), refused with 429 before any password is hashed. A successful attempt is forgiven: a
 *   clinic's fifty workstations behind one NAT address log in at eight o'clock, a guesser does not
 *   succeed.
 */
export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;
export const ATTEMPTS_PER_MINUTE = 30;

/** When the account key is locked, the moment it opens again; otherwise undefined. */
export async function lockedUntil(db: Queryable, accountKey: string, now: Date): Promise<Date | undefined> {
  const { rows } = await db.query<{ locked_until: Date | null }>(`SELECT locked_until FROM login_throttle WHERE account_key = $1`, [accountKey]);
  const until = rows[0]?.locked_until;
  return until && new Date(until).getTime() > now.getTime() ? new Date(until) : undefined;
}

/** Counts a failure; returns true when this failure locked the account. */
export async function recordLoginFailure(db: Queryable, accountKey: string, now: Date): Promise<boolean> {
  const { rows } = await db.query<{ failures: number }>(
    `INSERT INTO login_throttle (account_key, failures, last_failure_at) VALUES ($1, 1, $2)
     ON CONFLICT (account_key) DO UPDATE SET
       failures = CASE WHEN login_throttle.last_failure_at < $2::timestamptz - make_interval(mins => $3) THEN 1 ELSE login_throttle.failures + 1 END,
       last_failure_at = $2
     RETURNING failures`,
    [accountKey, now.toISOString(), LOCK_MINUTES],
  );
  if ((rows[0]?.failures ?? 0) < MAX_FAILURES) return false;
  await db.query(`UPDATE login_throttle SET failures = 0, locked_until = $2::timestamptz + make_interval(mins => $3) WHERE account_key = $1`, [accountKey, now.toISOString(), LOCK_MINUTES]);
  return true;
}

export async function clearLoginFailures(db: Queryable, accountKey: string): Promise<void> {
  await db.query(`DELETE FROM login_throttle WHERE account_key = $1`, [accountKey]);
}

/** A fixed one-minute window per address, kept in memory and pruned as it grows. */
export class AttemptLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly perMinute = ATTEMPTS_PER_MINUTE) {}

  /** Counts an attempt; false when the address is over its limit for this minute. */
  allow(address: string, now: Date): boolean {
    const t = now.getTime();
    if (this.windows.size > 10_000) {
      for (const [key, window] of this.windows) if (t - window.start >= 60_000) this.windows.delete(key);
    }
    const window = this.windows.get(address);
    if (!window || t - window.start >= 60_000) {
      this.windows.set(address, { start: t, count: 1 });
      return true;
    }
    window.count++;
    return window.count <= this.perMinute;
  }

  /** Takes back the attempt just counted: it succeeded. */
  forgive(address: string): void {
    const window = this.windows.get(address);
    if (window && window.count > 0) window.count--;
  }
}
