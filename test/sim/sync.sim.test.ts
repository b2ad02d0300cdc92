import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../fixtures/workstation/temp-dir.js';
import { simulate, type SimulationOptions } from './simulation.js';
import { buildTemplate, type CentralTemplate } from './template.js';

/**
 * The sync simulation (DESIGN.md "Proof"): seeded runs of three workstations against a real
 * Central through faulty networks, with kills, and the invariants checked after healing.
 *
 *   npx vitest run --project sim                      seeds 1, 2, ... for as long as SIM_BUDGET_S allows (default 150 s; at least 2)
 *   SIM_SEEDS=17,42 npx vitest run --project sim      exactly these seeds (a failure prints its seed)
 *   SIM_RUNS=50 npx vitest run --project sim          seeds 1..50, however long it takes
 *   DATABASE_URL=postgres://... (any of the above)    Central on PostgreSQL instead of PGlite
 */
const explicit = process.env.SIM_SEEDS ? process.env.SIM_SEEDS.split(',').map(Number) : process.env.SIM_RUNS ? range(Number(process.env.SIM_RUNS)) : undefined;
const seeds = explicit ?? range(30);
const budgetMs = explicit ? Number.POSITIVE_INFINITY : Number(process.env.SIM_BUDGET_S ?? 150) * 1000;
const MIN_SEEDS = 2;

const options: SimulationOptions = {
  phases: Number(process.env.SIM_PHASES ?? 3),
  steps: Number(process.env.SIM_STEPS ?? 10),
  cabinetSteps: Number(process.env.SIM_CABINET_STEPS ?? 8),
  rates: { dropRequest: 0.1, dropResponse: 0.15, duplicate: 0.1, replay: 0.1, delay: 0.15 },
};

describe('sync simulation', () => {
  const dir = makeTempDir('medkarta-sim-template-');
  let template: CentralTemplate;
  let started = 0;
  const durations: number[] = [];
  beforeAll(async () => {
    template = await buildTemplate(dir.path);
    started = performance.now();
  });
  afterAll(async () => {
    await template?.drop();
    dir.remove();
    console.log(`[sim] ${durations.length} seeds run in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  });

  for (const [index, seed] of seeds.entries()) {
    it(`seed ${seed}: every acknowledged write exactly once, replicas equal Central, no slot booked twice (workstations offline and the cabinet), every move once or refused, every walk-in once in the clinic's queue, every refusal in an inbox, every access audited once`, async (context) => {
      const average = durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : 0;
      if (index >= MIN_SEEDS && performance.now() - started + average > budgetMs) context.skip();
      const report = await simulate(seed, options, template);
      durations.push(report.seconds * 1000);
      const actions = Object.values(report.actions).reduce((a, b) => a + b, 0);
      const summary = `seed ${seed}: ${actions} actions ${JSON.stringify(report.actions)}, ${report.mutations} mutations (${report.rejected} refused), faults ${JSON.stringify(report.faults)}, ${report.seconds.toFixed(1)} s`;
      const { workstation: ws, cabinet } = report.bookings;
      const { walkIns } = report;
      const bookings = `sim bookings: workstations attempted ${ws.attempted}, accepted ${ws.accepted}, refused ${ws.refused} (${ws.refusedWithAlternatives} with alternatives), cancels ${ws.cancelsApplied}/${ws.cancels}, moves ${ws.movesApplied} applied + ${ws.movesRefused} refused of ${ws.moves}; walk-ins ${walkIns.applied} applied + ${walkIns.refused} refused of ${walkIns.added}, steps ${walkIns.stepsApplied} applied + ${walkIns.stepsRefused} refused of ${walkIns.steps}; cabinet attempted ${cabinet.attempted}, accepted ${cabinet.accepted}, refused ${JSON.stringify(cabinet.refused)}, answered refused but booked ${JSON.stringify(cabinet.refusedButBooked)}, no answer ${cabinet.noAnswer}, cancels ${cabinet.cancels}`;
      const audit = `sim audit: expected ${report.audit.expected}, found ${report.audit.found}, duplicates ${report.audit.duplicates}, missing ${report.audit.missing}, unexpected ${report.audit.unexpected}`;
      console.log(`[sim] ${summary}\n  ${bookings}\n  ${audit}\n  refusals ${JSON.stringify(report.reasons)}\n  ${report.events.join('\n  ')}`);
      expect(report.problems, `FAILED ${summary} — rerun with SIM_SEEDS=${seed}\n${report.problems.join('\n')}`).toEqual([]);
      expect(report.mutations).toBeGreaterThan(0);
      expect(report.audit.found).toBe(report.audit.expected);
      expect(report.audit.duplicates).toBe(0);
      // The run really raced: offline workstations and the cabinet booked the same slots.
      expect(ws.attempted + cabinet.attempted).toBeGreaterThan(0);
      // Every move and every walk-in got its answer: applied once or refused.
      expect(ws.movesApplied + ws.movesRefused).toBe(ws.moves);
      expect(walkIns.applied + walkIns.refused).toBe(walkIns.added);
    });
  }
});

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}
