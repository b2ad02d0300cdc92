import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Percentiles of a list of milliseconds, as the benchmark prints them. */
export function percentiles(times: number[]): { p50: number; p95: number; p99: number; max: number; n: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? NaN, n: sorted.length };
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;

/** The process's peak resident memory so far (Linux VmHWM; elsewhere the max RSS Node reports). */
export function peakMemoryMiB(): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

export const heapMiB = () => process.memoryUsage().heapUsed / 1024 / 1024;

/** Deterministic pseudo-random numbers, so two runs ask the same questions. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/**
 * Runs `work` once and says how long it took by the clock and in CPU time. On a shared machine the
 * clock also counts the time other processes held the cores; CPU time is this process's own work.
 */
export function measure<T>(work: () => T): { value: T; wall: number; cpu: number } {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const value = work();
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { value, wall, cpu: (cpu.user + cpu.system) / 1000 };
}

/** One line of figures: clock and CPU percentiles. */
export function figures(wall: number[], cpu: number[]): string {
  const w = percentiles(wall);
  const c = percentiles(cpu);
  return `p50 ${ms(w.p50)}, p95 ${ms(w.p95)}, p99 ${ms(w.p99)} by the clock; CPU p50 ${ms(c.p50)}, p95 ${ms(c.p95)}`;
}

/** The machine's load while the benchmark ran, so the figures can be read for what they are. */
export function loadNote(): string {
  try {
    const [one] = readFileSync('/proc/loadavg', 'utf8').split(' ');
    return `load average ${one} on ${availableCores()} cores`;
  } catch {
    return '';
  }
}

function availableCores(): number {
  return availableParallelism();
}

/**
 * CPU seconds used so far by every process of this machine named `name` (Linux /proc; null
 * elsewhere): PostgreSQL's backends, when the benchmark's Central uses the server on this machine.
 */
export function processCpuSeconds(name: string): number | null {
  let ticks = 0;
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        // comm is in parentheses and may hold spaces; the fields after it are space-separated.
        const close = stat.lastIndexOf(')');
        if (stat.slice(stat.indexOf('(') + 1, close) !== name) continue;
        const fields = stat.slice(close + 2).split(' ');
        ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    return null;
  }
  return ticks / 100; // USER_HZ
}
