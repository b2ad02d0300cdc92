export interface BackoffOptions {
  /** The first wait after a failure. */
  baseMs: number;
  /** No wait is longer than this, however many failures in a row. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 60_000 };

/**
 * How long to wait before trying again after `failures` failures in a row: exponential, capped,
 * with "full jitter" (a uniform draw below the exponential ceiling) so that the workstations of a
 * clinic coming back after an outage do not all knock on Central's door in the same second. A
 * server's Retry-After is honoured as a floor.
 */
export function backoffDelay(failures: number, options: BackoffOptions, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  const jittered = Math.max(options.baseMs / 2, random() * ceiling);
  return Math.min(options.maxMs, Math.max(jittered, retryAfterMs ?? 0));
}
