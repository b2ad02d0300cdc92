import { describe, expect, it } from 'vitest';
import { simulate, type SimulationOptions } from './simulation.js';

/**
 * The sync simulation (DESIGN.md "Proof"): seeded runs of three workstations against a real
 * Central through faulty networks, with kills, and the invariants checked after healing.
 *
 *   SIM_SEEDS=17,42  npx vitest run --project sim      (these seeds)
 *   SIM_RUNS=20      npx vitest run --project sim      (seeds 1..20)
 *   DATABASE_URL=postgres://... as above               (Central on PostgreSQL instead of PGlite)
 */
const seeds = process.env.SIM_SEEDS
  ? process.env.SIM_SEEDS.split(',').map(Number)
  : Array.from({ length: Number(process.env.SIM_RUNS ?? 4) }, (_, i) => i + 1);

const options: SimulationOptions = {
  phases: Number(process.env.SIM_PHASES ?? 3),
  steps: Number(process.env.SIM_STEPS ?? 10),
  rates: { dropRequest: 0.08, dropResponse: 0.08, duplicate: 0.06, replay: 0.06, delay: 0.1 },
};

describe('sync simulation', () => {
  for (const seed of seeds) {
    it(`seed ${seed}: every acknowledged write exactly once, replicas equal Central, no slot booked twice, every refusal in an inbox`, async () => {
      const report = await simulate(seed, options);
      const summary = `seed ${seed}: ${report.actions} actions, ${report.mutations} mutations (${report.rejected} refused), faults ${JSON.stringify(report.faults)}, ${report.seconds.toFixed(1)} s`;
      console.log(`[sim] ${summary}\n  ${report.events.join('\n  ')}`);
      expect(report.problems, `FAILED ${summary} — rerun with SIM_SEEDS=${seed}\n${report.problems.join('\n')}`).toEqual([]);
      expect(report.mutations).toBeGreaterThan(0);
    });
  }
});
