import { makeTempDir } from '../fixtures/workstation/temp-dir.js';
import type { FaultRates } from './fault-proxy.js';
import { checkAudit, type AuditFigures } from './audit-invariants.js';
import { checkBookings, type BookingFigures } from './booking-invariants.js';
import { CabinetPatients } from './cabinet.js';
import { checkInvariants } from './invariants.js';
import { between, pick, seededRandom } from './random.js';
import { readCentral, readWorkstation } from './snapshots.js';
import { ORGANIZATION, type CentralTemplate } from './template.js';
import { checkWalkIns, type WalkInFigures } from './walk-in-invariants.js';
import { World, type SimWorkstation } from './world.js';

export interface SimulationOptions {
  /** Rounds of random work; chaos strikes during each. */
  phases: number;
  /** Actions per workstation per phase. */
  steps: number;
  /** Cabinet requests (bookings, cancellations) each patient makes at most while the clinic works. */
  cabinetSteps: number;
  rates: FaultRates;
}

export interface SimulationReport {
  seed: number;
  problems: string[];
  events: string[];
  actions: Record<string, number>;
  mutations: number;
  rejected: number;
  /** Refusals by reason (numbers and ids blanked), to see that they are the expected kinds. */
  reasons: Record<string, number>;
  faults: Record<string, number>;
  bookings: BookingFigures;
  walkIns: WalkInFigures;
  audit: AuditFigures;
  seconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One seeded run: three workstations (separate processes, own encrypted stores) work against
 * Central through fault proxies while Central and workstations are killed and links cut; then the
 * network heals, everyone syncs to the end, and the invariants are checked on what is on disk.
 */
export async function simulate(seed: number, options: SimulationOptions, template: CentralTemplate): Promise<SimulationReport> {
  const started = performance.now();
  const random = seededRandom(seed);
  const dir = makeTempDir('medkarta-sim-');
  const world = new World(seed, dir.path, template);
  const events: string[] = [];
  const note = (event: string) => events.push(`${((performance.now() - started) / 1000).toFixed(1)}s ${event}`);
  try {
    await world.prepare(options.rates);
    const cabinet = new CabinetPatients(world.cabinetUrl, template.cabinetAccounts, template.slotIds, seededRandom(seed * 7919 + 1), `sim${seed}`);
    await world.startCentral();
    await Promise.all(world.workstations.map((ws) => world.startWorkstation(ws)));
    // Enrolled workstations hold their clinic's data before anyone starts work on them.
    // Patients log in meanwhile: a login costs Central a password hash, once a session.
    await Promise.all([...world.workstations.map((ws) => ws.child!.call({ cmd: 'sync' })), cabinet.logIn()]);
    note('workstations synced; work begins');
    // Meanwhile, through all the phases, patients book and cancel the same slots from home.
    cabinet.start(options.cabinetSteps);

    for (let phase = 0; phase < options.phases; phase++) {
      // A workstation killed mid-work just stops; the actions it did are counted as they happen.
      const work = world.workstations.map((ws) => ws.child!.call({ cmd: 'work', steps: options.steps }).catch(() => undefined));
      // The first phase always kills Central mid-request; later ones draw their chaos.
      const chaos = [
        phase === 0 || random() < 0.15 ? killCentralMidRequest(world, random, note) : undefined,
        random() < 0.5 ? killWorkstation(world, pick(random, world.workstations)!, between(random, 50, 800), note) : undefined,
        random() < 0.4 ? cutLink(pick(random, world.workstations)!, between(random, 100, 600), between(random, 300, 1500), note) : undefined,
      ];
      await Promise.all([...work, ...chaos]);
      await Promise.all(world.workstations.filter((ws) => !ws.child!.alive).map((ws) => world.startWorkstation(ws)));
      if (phase === 1 || random() < 0.3) await killBetweenCommitAndPush(world, pick(random, world.workstations)!, note);
    }

    await cabinet.stop();
    note(`patients done: ${cabinet.bookings.length} bookings and ${cabinet.cancels.length} cancellations tried`);
    note('healing the network');
    for (const ws of world.workstations) ws.proxy.heal();
    world.cabinetProxy.heal();
    if (!world.central.alive) await world.startCentral();
    for (const ws of world.workstations) if (!ws.child!.alive) await world.startWorkstation(ws);
    // Twice round: the first pushes everything, the second brings everyone everything pushed.
    for (let round = 0; round < 2; round++) {
      for (const ws of world.workstations) {
        const status = await ws.child!.call<{ pending: number; lastError?: string | null }>({ cmd: 'settle' });
        if (status.pending > 0 || status.lastError) note(`${ws.name} could not settle: ${status.pending} pending, ${status.lastError}`);
      }
      await world.waitForFeed();
    }
    const views = new Map<string, { appointmentId: string; status: string }[]>();
    for (const account of template.cabinetAccounts) views.set(account.patientId, await cabinet.appointmentsOf(account.patientId));
    for (const ws of world.workstations) await ws.child!.call({ cmd: 'close' }).catch(() => undefined);
    await world.central.stop();

    const snapshots = world.workstations.map((ws) => readWorkstation(ws.name, ws.deviceId, ws.storePath, ws.key));
    const db = await world.openDatabase();
    const central = await readCentral(db).finally(() => db.close());
    const faults: Record<string, number> = {};
    for (const proxy of [...world.workstations.map((ws) => ws.proxy), world.cabinetProxy]) for (const [name, count] of Object.entries(proxy.counts)) faults[name] = (faults[name] ?? 0) + count;
    const bookings = checkBookings(central, snapshots, { bookings: cabinet.bookings, cancels: cabinet.cancels, views }, template.slotIds, template.seededVersions);
    const walkIns = checkWalkIns(central, snapshots, ORGANIZATION);
    const audit = checkAudit(central, snapshots, new Map(world.workstations.map((ws) => [ws.name, ws.deviceId])), world.audited);
    return {
      seed,
      problems: [...checkInvariants(central, snapshots, template.seededVersions), ...bookings.problems, ...walkIns.problems, ...audit.problems],
      bookings: bookings.figures,
      walkIns: walkIns.figures,
      audit: audit.figures,
      events,
      actions: world.actions,
      mutations: snapshots.reduce((n, s) => n + s.outbox.length, 0),
      rejected: snapshots.reduce((n, s) => n + s.outbox.filter((m) => m.status === 'rejected').length, 0),
      reasons: countBy(snapshots.flatMap((s) => s.reasons.map((r) => r.replace(/[\w-]*\d[\w-]*/g, '#').slice(0, 80)))),
      faults,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await world.dispose();
    dir.remove();
  }
}

/** Waits until Central is working on a request of some workstation, then SIGKILLs it; restarts it shortly after. */
async function killCentralMidRequest(world: World, random: () => number, note: (e: string) => void): Promise<void> {
  await sleep(between(random, 200, 1200));
  for (let waited = 0; waited < 3000 && !world.workstations.some((ws) => ws.proxy.inFlight > 0); waited += 2) await sleep(2);
  const busy = world.workstations.reduce((n, ws) => n + ws.proxy.inFlight, 0);
  await world.central.kill();
  note(`Central killed with ${busy} request(s) in flight`);
  await sleep(between(random, 100, 800));
  await world.startCentral();
  note('Central restarted');
}

async function killWorkstation(world: World, ws: SimWorkstation, afterMs: number, note: (e: string) => void): Promise<void> {
  await sleep(afterMs);
  await ws.child!.kill();
  note(`${ws.name} killed`);
  await world.startWorkstation(ws);
}

async function cutLink(ws: SimWorkstation, afterMs: number, forMs: number, note: (e: string) => void): Promise<void> {
  await sleep(afterMs);
  ws.proxy.partition(true);
  note(`${ws.name} offline for ${forMs} ms`);
  await sleep(forMs);
  ws.proxy.partition(false);
}

/** Stops the workstation's syncing, lets it commit one change locally, and kills it before it can push. */
async function killBetweenCommitAndPush(world: World, ws: SimWorkstation, note: (e: string) => void): Promise<void> {
  const held = await ws.child!.call<{ action: string | null; pending: number }>({ cmd: 'commitAndHold' });
  await ws.child!.kill();
  note(`${ws.name} killed after committing ${held.action} locally (${held.pending} pending)`);
  await world.startWorkstation(ws);
}

function countBy(items: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item] = (counts[item] ?? 0) + 1;
  return counts;
}
