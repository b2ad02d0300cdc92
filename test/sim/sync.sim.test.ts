import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../fixtures/workstation/temp-dir.js';
import { simulate, type SimulationOptions } from './simulation.js';
import { buildTemplate, type CentralTemplate } from './template.js';

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
  : Array.from({ length: Number(process.env.SIM_RUNS ?? 3) }, (_, i) => i + 1);

const options: SimulationOptions = {
  phases: Number(process.env.SIM_PHASES ?? 3),
  steps: Number(process.env.SIM_STEPS ?? 10),
  rates: { dropRequest: 0.1, dropResponse: 0.15, duplicate: 0.1, replay: 0.1, delay: 0.15 },
};

describe('sync simulation', () => {
  const dir = makeTempDir('medkarta-sim-template-');
  let template: CentralTemplate;
  beforeAll(async () => {
    template = await buildTemplate(dir.path);
  });
  afterAll(async () => {
    await template?.drop();
    dir.remove();
  });

  for (const seed of seeds) {
    it(`seed ${seed}: every acknowledged write exactly once, replicas equal Central, no slot booked twice, every refusal in an inbox`, async () => {
      const report = await simulate(seed, options, template);
      const summary = `seed ${seed}: ${report.actions} actions, ${report.mutations} mutations (${report.rejected} refused), faults ${JSON.stringify(report.faults)}, ${report.seconds.toFixed(1)} s`;
      console.log(`[sim] ${summary}\n  refusals ${JSON.stringify(report.reasons)}\n  ${report.events.join('\n  ')}`);
      expect(report.problems, `FAILED ${summary} — rerun with SIM_SEEDS=${seed}\n${report.problems.join('\n')}`).toEqual([]);
      expect(report.mutations).toBeGreaterThan(0);
    });
  }
});
