import type { CentralContext } from '../context.js';
import { extendHorizons } from './schedules.js';

/** How often Central checks that every schedule still reaches its horizon (days pass, slots must follow). */
const EVERY_MS = 60 * 60 * 1000;

/**
 * Keeps generated slots `horizonWeeks` ahead while Central runs: once on start, then hourly. A
 * failure is logged and tried again at the next tick; it never stops Central.
 */
export function startHorizonKeeper(ctx: CentralContext): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    running = extendHorizons(ctx.db, ctx.now()).catch((error: unknown) => console.error('[central] extending schedule horizons failed', error));
  };
  const startup = setTimeout(tick, 0);
  const timer = setInterval(tick, EVERY_MS);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(startup);
      clearInterval(timer);
      await running;
    },
  };
}
