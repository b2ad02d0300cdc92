import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/**
 * BENCH_CPU_PROFILE=<file prefix>: a CPU profile of the main thread (server and clients alike) over
 * just the measured stretch of one part, written to `<prefix>-<part>.cpuprofile` (open it in Chrome
 * DevTools or speedscope). Start-up, the warm-up and the filling of the population stay out of it,
 * which `node --cpu-prof` over the whole run cannot do.
 */
export async function profiled<T>(part: string, work: () => Promise<T>): Promise<T> {
  const prefix = process.env.BENCH_CPU_PROFILE;
  if (!prefix) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(`${prefix}-${part}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  }
}
