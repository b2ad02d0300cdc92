import type { SimulatorFaults } from './simulator/faults.js';
import { legalEntitiesClient } from './legal-entities/client.js';
import { startLegalEntitiesSimulator, type LegalEntitiesSimulator } from './legal-entities/simulator.js';
import { populationRegisterClient } from './population/client.js';
import type { PopulationRange } from './population/simulated-population.js';
import { startPopulationRegisterSimulator, type PopulationRegisterSimulator } from './population/simulator.js';
import type { Registers } from './registry.js';
import { socialFundClient } from './social-fund/client.js';
import { startSocialFundSimulator, type SocialFundSimulator } from './social-fund/simulator.js';

/** The three register simulators and clients pointed at them: what tests, benchmarks and scripts attach to a Central. */
export interface SimulatedRegisters {
  population: PopulationRegisterSimulator;
  legalEntities: LegalEntitiesSimulator;
  socialFund: SocialFundSimulator;
  registers: Registers;
  close(): Promise<void>;
}

export async function startSimulatedRegisters(options: { seed?: number; timeoutMs?: number; faults?: SimulatorFaults; ranges?: readonly PopulationRange[]; now?: () => Date } = {}): Promise<SimulatedRegisters> {
  const common = { seed: options.seed ?? 1, faults: options.faults };
  const [population, legalEntities, socialFund] = await Promise.all([
    startPopulationRegisterSimulator({ ...common, ranges: options.ranges }),
    startLegalEntitiesSimulator(common),
    startSocialFundSimulator({ ...common, now: options.now }),
  ]);
  const timeoutMs = options.timeoutMs ?? 2000;
  return {
    population,
    legalEntities,
    socialFund,
    registers: {
      population: populationRegisterClient({ url: population.url, timeoutMs }),
      legalEntities: legalEntitiesClient({ url: legalEntities.url, timeoutMs }),
      socialFund: socialFundClient({ url: socialFund.url, timeoutMs }),
    },
    async close() {
      await Promise.all([population.close(), legalEntities.close(), socialFund.close()]);
    },
  };
}
