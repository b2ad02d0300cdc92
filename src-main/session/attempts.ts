import { ServiceError } from '../services/errors.js';

const MAX_FAILURES = 5;
const WINDOW_MS = 5 * 60_000;
const LOCKOUT_MS = 60_000;

/**
 * Password attempts checked on this workstation (offline login, unlock): after five failures in
 * five minutes the name waits a minute. Central throttles online logins itself; this keeps a
 * stolen, powered-on workstation from being a free guessing machine.
 */
export class LocalAttemptLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly now: () => Date) {}

  check(key: string): void {
    const recent = this.recent(key);
    if (recent.length >= MAX_FAILURES) {
      const wait = Math.ceil((recent[recent.length - MAX_FAILURES]! + LOCKOUT_MS - this.now().getTime()) / 1000);
      if (wait > 0) throw new ServiceError('unauthenticated', `Too many wrong passwords: wait ${wait} s and try again`);
    }
  }

  fail(key: string): void {
    this.failures.set(key, [...this.recent(key), this.now().getTime()]);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now().getTime() - WINDOW_MS;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }
}
