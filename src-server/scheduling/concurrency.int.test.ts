import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBookingRefusal } from '../../shared/fhir/booking-refusal.js';
import { isOperationOutcomeError } from '../../shared/fhir/outcomes.js';
import { SYSTEMS } from '../../shared/fhir/systems.js';
import { PROTOCOL_VERSION } from '../../shared/sync/version.js';
import { bearerFor, headersFor } from '../../test/support/auth.js';
import { seededRandom } from '../../test/sim/random.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { devicePrincipal } from '../auth/device-token.js';
import { enrolDevice } from '../auth/devices.js';
import { createPatientAccount } from '../auth/patients.js';
import type { Database } from '../db/database.js';
import { openPostgres } from '../db/postgres.js';
import { bookSlot, cancelAppointment } from './booking.js';
import { rescheduleAppointment } from './reschedule.js';
import { readOne } from './store.js';
import { appointmentFor, defineSchedule, doubleBookedSlots, MONDAY_8AM, ORG, seedClinic, slotsOf, weekdayHours } from './testing.js';

/**
 * The proof that a slot is never booked twice, whoever books it and however concurrently: on
 * PostgreSQL (DATABASE_URL) the clients really race, on PGlite they are serialised by the engine.
 */
let central: TestCentral;
let db: Database;
let wide: Database;
let slots: { slotId: string; start: string; end: string }[];

beforeAll(async () => {
  central = await startTestCentral();
  central.ctx.now = () => MONDAY_8AM;
  db = central.ctx.db;
  // A pool wide enough for every client to hold its own connection at once.
  wide = central.config.databaseUrl ? openPostgres(central.config.databaseUrl, 60) : db;
  await seedClinic(db, 120);
  const { schedule } = await defineSchedule(db, weekdayHours());
  slots = await slotsOf(db, schedule.scheduleId);
});

afterAll(async () => {
  if (wide && wide !== db) await wide.close();
  await central?.close();
});

async function post(headers: Record<string, string>, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${central.url}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

async function cabinetToken(patientId: string): Promise<string> {
  const patient = (await readOne<Patient>(db, 'Patient', patientId))!;
  const personalNumber = patient.identifier!.find((i) => i.system === SYSTEMS.personalNumber)!.value!;
  await createPatientAccount(db, { patientId, personalNumber, password: 'a long enough password' });
  const response = await post({}, '/auth/patient-login', { personalNumber, password: 'a long enough password' });
  return (response.body as { access_token: string }).access_token;
}

describe('one slot, fifty clients at once', () => {
  it('registrars, patients in the cabinet and offline workstations race for one slot: exactly one wins', async () => {
    const slot = slots[4]!;
    const registrar = headersFor(central, 'registrar', { organizationId: ORG });
    const patients = await Promise.all([31, 32, 33, 34, 35, 36, 37, 38, 39, 40].map(async (n) => ({ n, token: await cabinetToken(`p-${n}`) })));
    const devices = await Promise.all(Array.from({ length: 10 }, () => enrolDevice(db, { organizationId: ORG, display: 'Регистратура', enrolledBy: 'test' }, MONDAY_8AM)));
    const clients = [
      ...Array.from({ length: 30 }, (_, i) => () => post(registrar, '/scheduling/appointments', { slotId: slot.slotId, patientId: `p-${i + 1}` })),
      ...patients.map(({ token }) => () => post({ authorization: `Bearer ${token}` }, '/cabinet/appointments', { slotId: slot.slotId })),
      ...devices.map((device, i) => () =>
        post(bearerFor(central, devicePrincipal({ id: device.deviceId, organizationId: ORG, display: device.display })), '/sync/push', {
          protocolVersion: PROTOCOL_VERSION,
          clientId: device.deviceId,
          mutations: [{ mutationId: 1, kind: 'book', args: { slotId: slot.slotId, appointment: appointmentFor(`ws-${i}`, `p-${41 + i}`, slot.slotId, { start: slot.start, end: slot.end }) } }],
        }),
      ),
    ];
    expect(clients).toHaveLength(50);
    const answers = await Promise.all(clients.map((client) => client()));

    const pushed = answers.slice(40).map((a) => (a.body as { results: { status: string; outcome?: unknown }[] }).results[0]!);
    const wins = answers.slice(0, 40).filter((a) => a.status === 201).length + pushed.filter((r) => r.status === 'applied').length;
    expect(wins).toBe(1);
    const refusals = [...answers.slice(0, 40).filter((a) => a.status !== 201).map((a) => a.body), ...pushed.filter((r) => r.status === 'rejected').map((r) => r.outcome)];
    expect(refusals).toHaveLength(49);
    for (const outcome of refusals) expect(readBookingRefusal(outcome)).toMatchObject({ code: 'slot-taken', slotId: slot.slotId });
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM slot_booking WHERE slot_id = $1 AND released_at IS NULL`, [slot.slotId]);
    expect(rows).toEqual([{ n: 1 }]);
    expect(await doubleBookedSlots(db)).toEqual([]);
  });

  it('fifty transactions booking one slot directly: one commits, forty-nine are refused', async () => {
    const slot = slots[5]!;
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        wide.transaction((tx) => bookSlot(tx, { slotId: slot.slotId, appointment: appointmentFor(`direct-${i}`, `p-${i + 1}`, slot.slotId), now: MONDAY_8AM })).then(
          () => 'booked',
          (error: unknown) => (isOperationOutcomeError(error) ? readBookingRefusal(error.outcome)?.code : String(error)),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'booked')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'slot-taken')).toHaveLength(49);
  });
});

describe('a thousand random operations at once', () => {
  it('book, cancel and reschedule over a few hot slots never leave a slot with two active appointments', async () => {
    // Seeded, so a failing run can be replayed.
    const next = seededRandom(20300304);
    const hot = slots.slice(20, 36);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    const known: string[] = [];
    const tally = new Map<string, number>();
    const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);

    const operation = async (i: number) => {
      const roll = next();
      const now = MONDAY_8AM;
      try {
        if (roll < 0.5 || known.length === 0) {
          const slot = pick(hot);
          const id = `r-${i}`;
          await wide.transaction((tx) => bookSlot(tx, { slotId: slot.slotId, appointment: appointmentFor(id, `p-${1 + Math.floor(next() * 120)}`, slot.slotId), now }));
          known.push(id);
          count('book:applied');
        } else if (roll < 0.75) {
          await wide.transaction((tx) => cancelAppointment(tx, { appointmentId: pick(known), reason: 'random', now }));
          count('cancel:applied');
        } else {
          const target = pick(hot);
          await wide.transaction((tx) => rescheduleAppointment(tx, { appointmentId: pick(known), slotId: target.slotId, now, by: 'clinic', channel: 'staff', bookedBy: 'chaos' }));
          count('reschedule:applied');
        }
      } catch (error) {
        // Every failure must be a refusal a person can read, never a crash or a lost deadlock.
        if (!isOperationOutcomeError(error)) throw error;
        count(`refused:${readBookingRefusal(error.outcome)?.code ?? error.status}`);
      }
    };

    let started = 0;
    const worker = async () => {
      while (started < 1000) await operation(started++);
    };
    await Promise.all(Array.from({ length: 50 }, worker));
    const total = [...tally.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(1000);
    expect(tally.get('book:applied')).toBeGreaterThan(0);
    expect(tally.get('refused:slot-taken')).toBeGreaterThan(0);
    expect(tally.get('reschedule:applied')).toBeGreaterThan(0);

    // The end state, checked in SQL: the FHIR Appointments, the ledger and the Slots all agree.
    expect(await doubleBookedSlots(db)).toEqual([]);
    const ledgerVsAppointments = await db.query(
      `SELECT b.slot_id, b.appointment_id, r.content->>'status' AS status, r.content->'slot'->0->>'reference' AS named FROM slot_booking b
       LEFT JOIN resource r ON r.resource_type = 'Appointment' AND r.id = b.appointment_id
       WHERE b.released_at IS NULL AND (r.id IS NULL OR r.content->>'status' NOT IN ('booked', 'arrived', 'checked-in', 'fulfilled', 'noshow') OR r.content->'slot'->0->>'reference' <> 'Slot/' || b.slot_id)`,
    );
    expect(ledgerVsAppointments.rows).toEqual([]);
    const unledgered = await db.query(
      `SELECT r.id FROM resource r WHERE r.resource_type = 'Appointment' AND NOT r.deleted AND r.content->>'status' = 'booked'
         AND NOT EXISTS (SELECT 1 FROM slot_booking b WHERE b.appointment_id = r.id AND b.released_at IS NULL)`,
    );
    expect(unledgered.rows).toEqual([]);
    const wrongStatus = await db.query(
      `SELECT s.slot_id, r.content->>'status' AS status FROM schedule_slot s JOIN resource r ON r.resource_type = 'Slot' AND r.id = s.slot_id
       WHERE (r.content->>'status' = 'busy') <> EXISTS (SELECT 1 FROM slot_booking b WHERE b.slot_id = s.slot_id AND b.released_at IS NULL)`,
    );
    expect(wrongStatus.rows).toEqual([]);
    console.log(`[scheduling] 1000 random operations on ${db.engine}:`, Object.fromEntries([...tally.entries()].sort()));
  });
});
