import type { CentralContext } from '../context.js';
import { RegisterUnavailableError } from './http-json.js';
import { pullPopulationChanges } from './population/changes.js';
import { attachRegisters, backgroundWorkEnabled, openRegisters, registersConfigFromEnvironment, registersOf } from './registry.js';
import { dispatchSickLeave } from './social-fund/dispatcher.js';
import { setSickLeaveWaker } from './social-fund/wake.js';
import { startWorker, type BackgroundWorker } from './worker.js';

export interface RegisterServices {
  /** Sends the sick-leave outbox (woken after each new operation, and on a timer for retries). */
  sickLeave: BackgroundWorker;
  /** Follows the population register's feed of changes. */
  populationChanges: BackgroundWorker;
  close(): Promise<void>;
}

/**
 * Starts what Central runs beside its routes for the registers: the clients (or, in demo mode, the
 * simulators) and the two background workers. Configuration comes from the environment:
 * MEDKARTA_POPULATION_REGISTER_URL, MEDKARTA_LEGAL_ENTITIES_REGISTER_URL, MEDKARTA_SOCIAL_FUND_URL,
 * MEDKARTA_REGISTER_TIMEOUT_MS, MEDKARTA_SICK_LEAVE_RETRY_MS, MEDKARTA_POPULATION_POLL_MS.
 */
export async function startRegisterServices(ctx: CentralContext, env: NodeJS.ProcessEnv = process.env): Promise<RegisterServices> {
  const config = registersConfigFromEnvironment(env);
  const opened = await openRegisters(config, ctx.config.demo);
  attachRegisters(ctx, opened.registers);
  if (ctx.config.demo) {
    for (const [name, url] of Object.entries(opened.urls)) if (url) console.log(`[central] ${name} register at ${url}`);
  }
  const sickLeave = startWorker('sick-leave outbox', Number(env.MEDKARTA_SICK_LEAVE_RETRY_MS ?? 10_000), async () => {
    if (backgroundWorkEnabled(ctx)) await dispatchSickLeave(ctx, registersOf(ctx).socialFund);
  });
  setSickLeaveWaker(ctx, () => sickLeave.kick());
  const populationChanges = startWorker('population changes', Number(env.MEDKARTA_POPULATION_POLL_MS ?? 60_000), async () => {
    if (!backgroundWorkEnabled(ctx)) return;
    try {
      await pullPopulationChanges(ctx, registersOf(ctx).population);
    } catch (error) {
      // An outage is expected weather: the next pull starts from the same place.
      if (!(error instanceof RegisterUnavailableError)) throw error;
    }
  });
  if (ctx.config.demo) populationChanges.kick();
  return {
    sickLeave,
    populationChanges,
    async close() {
      await Promise.all([sickLeave.stop(), populationChanges.stop()]);
      await opened.close();
    },
  };
}
