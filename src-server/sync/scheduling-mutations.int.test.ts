import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WalkInQueueSchema } from '../../shared/api/schedule-booking.js';
import { readBookingRefusal } from '../../shared/fhir/booking-refusal.js';
import { SYSTEMS } from '../../shared/fhir/systems.js';
import { PROTOCOL_VERSION } from '../../shared/sync/version.js';
import { bearerFor, headersFor } from '../../test/support/auth.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { devicePrincipal } from '../auth/device-token.js';
import { enrolDevice } from '../auth/devices.js';
import { createPatientAccount } from '../auth/patients.js';
import { bookSlot } from '../scheduling/booking.js';
import { readOne } from '../scheduling/store.js';
import { appointmentFor, defineSchedule, doubleBookedSlots, MONDAY_8AM, ORG, seedClinic, slotsOf, weekdayHours } from '../scheduling/testing.js';

/**
 * The desk's `reschedule` and `walk-in` mutations at Central: each applied once in the push's
 * transaction (a replayed push changes nothing), a move to a taken slot refused like a booking with
 * the old booking kept, the patient's cabinet showing one moved appointment, and a walk-in queued at
 * a workstation in the clinic's queue at `/scheduling/walk-ins` with its steps.
 */
let central: TestCentral;
let slots: { slotId: string; start: string; end: string }[];
let pushAs: (mutations: unknown[]) => Promise<{ status: number; body: { lastMutationId: number; results: { mutationId: number; status: string; outcome?: unknown; resource?: { meta?: { versionId?: string } } }[] } }>;

async function request(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(`${central.url}${path}`, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.status, body: (await response.json()) as unknown };
}

async function versionsOf(type: string, id: string): Promise<number> {
  const { rows } = await central.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM resource_history WHERE resource_type = $1 AND id = $2`, [type, id]);
  return rows[0]!.n;
}

async function ledgerOf(appointmentId: string) {
  const { rows } = await central.ctx.db.query<{ slot_id: string; active: boolean; release_reason: string | null }>(
    `SELECT slot_id, released_at IS NULL AS active, release_reason FROM slot_booking WHERE appointment_id = $1 ORDER BY id`,
    [appointmentId],
  );
  return rows;
}

async function cabinetToken(patientId: string): Promise<string> {
  const patient = (await readOne<Patient>(central.ctx.db, 'Patient', patientId))!;
  const personalNumber = patient.identifier!.find((i) => i.system === SYSTEMS.personalNumber)!.value!;
  await createPatientAccount(central.ctx.db, { patientId, personalNumber, password: 'a long enough password' });
  const login = await request('POST', '/auth/patient-login', {}, { personalNumber, password: 'a long enough password' });
  return (login.body as { access_token: string }).access_token;
}

beforeAll(async () => {
  central = await startTestCentral();
  central.ctx.now = () => MONDAY_8AM;
  await seedClinic(central.ctx.db, 12);
  const { schedule } = await defineSchedule(central.ctx.db, weekdayHours());
  slots = (await slotsOf(central.ctx.db, schedule.scheduleId)).filter((s) => s.start > MONDAY_8AM.toISOString());
  const device = await enrolDevice(central.ctx.db, { organizationId: ORG, display: 'Регистратура', enrolledBy: 'test' }, MONDAY_8AM);
  const headers = { ...bearerFor(central, devicePrincipal({ id: device.deviceId, organizationId: ORG, display: device.display })), 'content-type': 'application/json' };
  pushAs = async (mutations) => {
    const response = await fetch(`${central.url}/sync/push`, { method: 'POST', headers, body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, clientId: device.deviceId, mutations }) });
    return { status: response.status, body: (await response.json()) as never };
  };
});
afterAll(async () => central?.close());

const book = (mutationId: number, id: string, patientId: string, slot: { slotId: string; start: string; end: string }) => ({
  mutationId,
  kind: 'book',
  args: { slotId: slot.slotId, appointment: appointmentFor(id, patientId, slot.slotId, { start: slot.start, end: slot.end }) },
});
const reschedule = (mutationId: number, appointmentId: string, slotId: string) => ({ mutationId, kind: 'reschedule', args: { appointmentId, slotId, reason: 'Просьба пациента' } });

describe('the reschedule mutation', () => {
  it('moves the booking in one transaction, once however often the push is replayed, and the cabinet shows one moved appointment', async () => {
    const [from, to] = [slots[0]!, slots[1]!];
    const first = await pushAs([book(1, 'mv-1', 'p-1', from), reschedule(2, 'mv-1', to.slotId)]);
    expect(first.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    // The answer was lost: the same push again, and once more much later.
    for (let i = 0; i < 2; i++) {
      const again = await pushAs([book(1, 'mv-1', 'p-1', from), reschedule(2, 'mv-1', to.slotId)]);
      expect(again.body).toMatchObject({ lastMutationId: 2, results: [{ mutationId: 1, status: 'applied' }, { mutationId: 2, status: 'applied', resource: { meta: { versionId: '2' } } }] });
    }
    expect(await versionsOf('Appointment', 'mv-1')).toBe(2);
    expect(await ledgerOf('mv-1')).toEqual([
      { slot_id: from.slotId, active: false, release_reason: 'rescheduled' },
      { slot_id: to.slotId, active: true, release_reason: null },
    ]);
    expect((await readOne(central.ctx.db, 'Slot', from.slotId))).toMatchObject({ status: 'free' });
    expect((await readOne(central.ctx.db, 'Slot', to.slotId))).toMatchObject({ status: 'busy' });

    const cabinet = { authorization: `Bearer ${await cabinetToken('p-1')}` };
    const { appointments } = (await request('GET', '/cabinet/appointments', cabinet)).body as { appointments: { appointmentId: string; status: string; start: string }[] };
    expect(appointments.map((a) => [a.appointmentId, a.status, new Date(a.start).toISOString()])).toEqual([['mv-1', 'booked', to.start]]);
    const changes = (await request('GET', '/cabinet/schedule-changes', cabinet)).body;
    expect(changes).toMatchObject({ changes: [{ appointmentId: 'mv-1', kind: 'rescheduled-by-clinic', previousStart: from.start, start: to.start }] });
  });

  it('refuses a move to a taken slot with the alternatives and the phone; the old booking stays', async () => {
    const [held, taken] = [slots[2]!, slots[3]!];
    await pushAs([book(3, 'mv-2', 'p-2', held)]);
    await central.ctx.db.transaction((tx) => bookSlot(tx, { slotId: taken.slotId, appointment: appointmentFor('cab-2', 'p-3', taken.slotId), now: MONDAY_8AM, channel: 'cabinet', bookedBy: 'Patient/p-3' }));
    const answer = await pushAs([reschedule(4, 'mv-2', taken.slotId)]);
    const [result] = answer.body.results;
    expect(result).toMatchObject({ mutationId: 4, status: 'rejected', current: { resourceType: 'Appointment', id: 'mv-2', slot: [{ reference: `Slot/${held.slotId}` }] } });
    const refusal = readBookingRefusal(result!.outcome);
    expect(refusal).toMatchObject({ code: 'slot-taken', slotId: taken.slotId, patient: { patientId: 'p-2', phone: '+375291000002' } });
    expect(refusal!.alternatives.length).toBeGreaterThan(0);
    expect(refusal!.alternatives.map((a) => a.slotId)).not.toContain(taken.slotId);
    expect(refusal!.alternatives.map((a) => a.slotId)).not.toContain(held.slotId);
    expect(await ledgerOf('mv-2')).toEqual([{ slot_id: held.slotId, active: true, release_reason: null }]);
    expect(await versionsOf('Appointment', 'mv-2')).toBe(1);
    // Replayed, the refusal is the stored one; nothing moves.
    expect((await pushAs([reschedule(4, 'mv-2', taken.slotId)])).body.results[0]).toMatchObject({ status: 'rejected' });
    expect(await ledgerOf('mv-2')).toHaveLength(1);
    expect(await doubleBookedSlots(central.ctx.db)).toEqual([]);
  });
});

describe('the walk-in mutation', () => {
  const registrar = () => headersFor(central, 'registrar', { organizationId: ORG });
  const queue = async () => WalkInQueueSchema.parse((await request('GET', '/scheduling/walk-ins?date=2030-03-04&all=true', registrar())).body);

  it('puts a walk-in queued at a workstation into the clinic’s queue once, in the order of arrival, with its steps', async () => {
    // Queued offline a quarter of an hour ago; Central's own walk-in came in meanwhile.
    const central15 = await request('POST', '/scheduling/walk-ins', registrar(), { patientId: 'p-5' });
    expect(central15.status).toBe(201);
    const add = { mutationId: 5, kind: 'walk-in', args: { action: 'add', appointmentId: 'wi-1', patientId: 'p-4', note: 'Справка', queuedAt: new Date(MONDAY_8AM.getTime() - 15 * 60_000).toISOString() } };
    const steps = [add, { mutationId: 6, kind: 'walk-in', args: { action: 'call', appointmentId: 'wi-1' } }];
    for (let i = 0; i < 3; i++) expect((await pushAs(steps)).body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(await versionsOf('Appointment', 'wi-1')).toBe(2);
    const { rows } = await central.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM walk_in WHERE appointment_id = 'wi-1'`);
    expect(rows[0]!.n).toBe(1);
    expect((await queue()).entries.map((e) => [e.appointmentId, e.position, e.status])).toEqual([
      ['wi-1', 1, 'checked-in'],
      [(central15.body as { entry: { appointmentId: string } }).entry.appointmentId, 2, 'arrived'],
    ]);
    expect((await queue()).entries[0]).toMatchObject({ patient: { patientId: 'p-4' }, note: 'Справка', queuedAt: new Date(MONDAY_8AM.getTime() - 15 * 60_000).toISOString() });

    expect((await pushAs([{ mutationId: 7, kind: 'walk-in', args: { action: 'done', appointmentId: 'wi-1' } }])).body.results[0]!.status).toBe('applied');
    expect((await queue()).entries[0]).toMatchObject({ appointmentId: 'wi-1', status: 'fulfilled' });
  });

  it('refuses a step that does not follow and a walk-in of an unknown patient; a clock ahead of Central takes Central’s time, never an arrival time another walk-in holds', async () => {
    const answer = await pushAs([
      { mutationId: 8, kind: 'walk-in', args: { action: 'call', appointmentId: 'wi-1' } },
      { mutationId: 9, kind: 'walk-in', args: { action: 'add', appointmentId: 'wi-2', patientId: 'nobody', queuedAt: MONDAY_8AM.toISOString() } },
      { mutationId: 10, kind: 'walk-in', args: { action: 'add', appointmentId: 'wi-3', patientId: 'p-6', queuedAt: new Date(MONDAY_8AM.getTime() + 3_600_000).toISOString() } },
      { mutationId: 11, kind: 'walk-in', args: { action: 'left', appointmentId: 'wi-3' } },
    ]);
    expect(answer.body.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'applied', 'applied']);
    expect(answer.body.results[0]).toMatchObject({ current: { id: 'wi-1', status: 'fulfilled' } });
    expect(await readOne(central.ctx.db, 'Appointment', 'wi-2')).toBeUndefined();
    // Central's now, which its own walk-in of the first test holds: the next millisecond, so no two arrivals tie.
    expect((await queue()).entries.find((e) => e.appointmentId === 'wi-3')).toMatchObject({ status: 'cancelled', queuedAt: new Date(MONDAY_8AM.getTime() + 1).toISOString() });
    expect(new Set((await queue()).entries.map((e) => e.queuedAt)).size).toBe((await queue()).entries.length);
  });

  it('queues a walk-in that a workstation of protocol 2 left in its outbox as a plain create, keeping its id and arrival time', async () => {
    const arrived = new Date(MONDAY_8AM.getTime() - 5 * 60_000).toISOString();
    const walkIn = {
      resourceType: 'Appointment',
      id: 'wi-old',
      status: 'arrived',
      appointmentType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0276', code: 'WALKIN' }] },
      start: arrived,
      end: new Date(Date.parse(arrived) + 15 * 60_000).toISOString(),
      created: arrived,
      participant: [{ actor: { reference: 'Patient/p-7' }, status: 'accepted' }],
    };
    expect((await pushAs([{ mutationId: 12, kind: 'create', args: { resource: walkIn } }])).body.results[0]).toMatchObject({ status: 'applied', resource: { id: 'wi-old', status: 'arrived' } });
    expect((await queue()).entries.find((e) => e.appointmentId === 'wi-old')).toMatchObject({ patient: { patientId: 'p-7' }, queuedAt: arrived, status: 'arrived' });
  });
});
