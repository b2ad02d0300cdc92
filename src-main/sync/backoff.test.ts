import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';
import { DownloadRate } from './download-rate.js';
import { fieldsOf } from './inbox-view.js';

describe('backoffDelay', () => {
  const options = { baseMs: 1000, maxMs: 60_000 };

  it('grows exponentially below its ceiling and never passes the cap', () => {
    expect(backoffDelay(1, options, () => 0.999)).toBeLessThanOrEqual(1000);
    expect(backoffDelay(4, options, () => 0.999)).toBeGreaterThan(7000);
    expect(backoffDelay(4, options, () => 0.999)).toBeLessThanOrEqual(8000);
    expect(backoffDelay(50, options, () => 0.999)).toBeLessThanOrEqual(60_000);
  });

  it('spreads clients out (jitter) but never waits less than half the base', () => {
    const draws = [0, 0.25, 0.5, 0.75].map((r) => backoffDelay(6, options, () => r));
    expect(new Set(draws).size).toBe(4);
    expect(Math.min(...draws)).toBe(500);
  });

  it('honours Retry-After as a floor, within the cap', () => {
    expect(backoffDelay(1, options, () => 0, 5000)).toBe(5000);
    expect(backoffDelay(1, options, () => 0, 600_000)).toBe(60_000);
  });
});

describe('DownloadRate', () => {
  it('estimates the time left from the rate since this process began receiving', () => {
    let now = 0;
    const rate = new DownloadRate(() => now);
    rate.update({ done: 1000, total: 10_000 }, 1000);
    expect(rate.current).toEqual({ done: 1000, total: 10_000, secondsLeft: null });
    now = 2000;
    rate.update({ done: 3000, total: 10_000 }, 2000);
    // 3000 received in 2 s (the first page counts from when it started): 7000 left at 1500/s.
    expect(rate.current).toEqual({ done: 3000, total: 10_000, secondsLeft: 5 });
    rate.update(null, 0);
    expect(rate.current).toBeNull();
  });
});

describe('fieldsOf', () => {
  it('lists leaf values by path, leaving out bookkeeping', () => {
    const fields = fieldsOf({ resourceType: 'Patient', id: 'p1', meta: { versionId: '2' }, name: [{ family: 'Жук', given: ['Анна', 'Петровна'] }], active: true });
    expect(fields).toEqual([
      { path: 'name[0].family', value: 'Жук' },
      { path: 'name[0].given[0]', value: 'Анна' },
      { path: 'name[0].given[1]', value: 'Петровна' },
      { path: 'active', value: 'true' },
    ]);
  });
});
