import { pathToFileURL } from 'node:url';
import type { FreeSlot } from '../../../shared/api/schedule-views.js';
import { readBookingRefusal } from '../../../shared/fhir/booking-refusal.js';
import { configFromEnvironment } from '../../../src-server/config.js';
import type { Location, Practitioner } from '@medplum/fhirtypes';
import { writeResources } from '../../../src-server/fhir/write.js';
import { startCentral, type RunningCentral } from '../../../src-server/main.js';
import { findFreeSlots } from '../../../src-server/scheduling/free-slots.js';
import { defineSchedule, MONDAY_8AM, ORG, seedClinic, weekdayHours } from '../../../src-server/scheduling/testing.js';
import { seededRandom } from '../../sim/random.js';
import { createTestDatabase } from '../../support/central.js';

/**
 * Bookings per second through POST /scheduling/appointments (the whole path: parse, role, ledger,
 * FHIR write, audit), on one hot schedule every registrar fights over, and spread across many
 * schedules. Run alone (`npx tsx test/bench/central/booking.bench.ts`) or from bench:central.
 * Sizes: BENCH_BOOKING_SCHEDULES (default 40), BENCH_BOOKING_WEEKS (8), BENCH_BOOKING_CLIENTS (20).
 */
const SCHEDULES = Number(process.env.BENCH_BOOKING_SCHEDULES ?? 40);
const WEEKS = Number(process.env.BENCH_BOOKING_WEEKS ?? 8);
const CLIENTS = Number(process.env.BENCH_BOOKING_CLIENTS ?? 20);
const PATIENTS = 200;

type Line = (label: string, value: string, note?: string) => void;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export async function benchBookings(central: RunningCentral, line: Line): Promise<void> {
  central.ctx.now = () => MONDAY_8AM;
  const db = central.ctx.db;
  await seedClinic(db, PATIENTS);
  const doctors = Array.from({ length: SCHEDULES }, (_, i) => i);
  await db.transaction((tx) =>
    writeResources(tx, doctors.flatMap((i) => [
      { kind: 'update' as const, resource: { resourceType: 'Practitioner', id: `bench-doc-${i}`, name: [{ family: `Врач${i}`, given: ['Бенч'] }] } as Practitioner & { id: string } },
      { kind: 'update' as const, resource: { resourceType: 'Location', id: `bench-room-${i}`, name: `Кабинет ${i}`, managingOrganization: { reference: `Organization/${ORG}` } } as Location & { id: string } },
    ]), MONDAY_8AM),
  );
  const started = performance.now();
  const scheduleIds: string[] = [];
  for (const i of doctors) scheduleIds.push((await defineSchedule(db, weekdayHours({ practitionerId: `bench-doc-${i}`, locationId: `bench-room-${i}`, horizonWeeks: WEEKS }))).schedule.scheduleId);
  const generated = await findFreeSlots(db, { from: MONDAY_8AM, organizationId: ORG, limit: 1_000_000 });
  // Follow-up slots only: preventive ones take only patients due for an examination.
  const slots = generated.filter((s) => s.visitType === 'follow-up');
  line(`generate ${fmt(SCHEDULES)} schedules x ${WEEKS} weeks`, `${fmt(generated.length / ((performance.now() - started) / 1000))} slots/s`, `(${fmt(generated.length)} slots)`);

  const headers = { authorization: `Bearer ${central.ctx.tokens.sign({ kind: 'user', subject: 'bench-registrar', display: 'Bench', roles: ['registrar'], organizationId: ORG }, MONDAY_8AM)}`, 'content-type': 'application/json' };
  const book = async (slotId: string, n: number) => {
    const response = await fetch(`${central.url}/scheduling/appointments`, { method: 'POST', headers, body: JSON.stringify({ slotId, patientId: `p-${1 + (n % PATIENTS)}` }) });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  // One hot schedule: registrars book its slots at random (two often want the same one); refused,
  // they take the first alternative of the same doctor.
  const hot = slots.filter((s) => s.scheduleId === scheduleIds[0]);
  const random = seededRandom(7);
  const picks = hot.map(() => hot[Math.floor(random() * hot.length)]!);
  const hotRun = await race(picks, CLIENTS, async (wanted, n) => {
    let slotId: string | undefined = wanted.slotId;
    let refusals = 0;
    while (slotId) {
      const answer = await book(slotId, n);
      if (answer.status === 201) return { booked: 1, refusals };
      refusals++;
      slotId = readBookingRefusal(answer.body)?.alternatives.find((a) => a.scheduleId === scheduleIds[0])?.slotId;
    }
    return { booked: 0, refusals };
  });
  line(`one hot schedule, ${CLIENTS} registrars racing`, `${fmt(hotRun.booked / hotRun.seconds)} bookings/s`, `(${fmt(hotRun.booked)} booked, ${fmt(hotRun.refusals)} refused with alternatives, p95 ${fmt(hotRun.p95, 1)} ms)`);

  // Many schedules: the same registrars book slots spread over the rest of the clinic.
  const spread = slots.filter((s) => s.scheduleId !== scheduleIds[0]);
  const shuffled = spread.map((s, i) => ({ s, k: (i * 2654435761) % 4294967296 })).sort((a, b) => a.k - b.k).map((x) => x.s).slice(0, 4000);
  const wide = await race(shuffled, CLIENTS, async (slot, n) => ((await book(slot.slotId, n)).status === 201 ? { booked: 1, refusals: 0 } : { booked: 0, refusals: 1 }));
  line(`${fmt(SCHEDULES - 1)} schedules, ${CLIENTS} registrars`, `${fmt(wide.booked / wide.seconds)} bookings/s`, `(${fmt(wide.booked)} booked, p50 ${fmt(wide.p50, 1)} / p95 ${fmt(wide.p95, 1)} ms)`);
}

async function race(work: readonly FreeSlot[], clients: number, attempt: (slot: FreeSlot, n: number) => Promise<{ booked: number; refusals: number }>) {
  let next = 0;
  let booked = 0;
  let refusals = 0;
  const samples: number[] = [];
  const start = performance.now();
  const worker = async () => {
    while (next < work.length) {
      const n = next++;
      const began = performance.now();
      const result = await attempt(work[n]!, n);
      samples.push(performance.now() - began);
      booked += result.booked;
      refusals += result.refusals;
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  const sorted = samples.sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return { booked, refusals, seconds: (performance.now() - start) / 1000, p50: at(50), p95: at(95) };
}

/** The booking figures on a Central of their own (a scratch database, dropped afterwards). */
export async function runBookingBench(line: Line): Promise<void> {
  const database = await createTestDatabase();
  const central = await startCentral({ ...configFromEnvironment({}, []), port: 0, databaseUrl: database.url }, { inMemory: true });
  try {
    await benchBookings(central, line);
  } finally {
    await central.close();
    await database.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(`Medkarta booking benchmark: ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}; Node ${process.version}`);
  await runBookingBench((label, value, note = '') => console.log(`${label.padEnd(44)} ${value.padStart(22)}  ${note}`));
}
