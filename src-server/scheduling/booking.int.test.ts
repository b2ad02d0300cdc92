import type { Appointment, Slot } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBookingRefusal } from '../../shared/fhir/booking-refusal.js';
import { SCHEDULING_EXTENSIONS } from '../../shared/fhir/scheduling.js';
import { isOperationOutcomeError, type OperationOutcomeError } from '../../shared/fhir/outcomes.js';
import type { Mutation } from '../../shared/sync/protocol.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/central.js';
import type { Database } from '../db/database.js';
import { validateIncoming } from '../fhir/validation.js';
import { writeResources } from '../fhir/write.js';
import { applyPush } from '../sync/push.js';
import { bookSlot, cancelAppointment } from './booking.js';
import { markAppointment, rescheduleAppointment } from './reschedule.js';
import { contentOf, readOne } from './store.js';
import { appointmentFor, defineSchedule, doubleBookedSlots, MONDAY_8AM, ORG, seedClinic, slotsOf, weekdayHours } from './testing.js';

let testDb: TestDatabase;
let db: Database;
let ivanova: string;
let slots: { slotId: string; start: string; end: string; visitType: string }[];
const now = MONDAY_8AM;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await testDb.open();
  await seedClinic(db);
  ivanova = (await defineSchedule(db, weekdayHours())).schedule.scheduleId;
  await defineSchedule(db, weekdayHours({ practitionerId: 'doc-petrov', locationId: 'room-2' }));
  await defineSchedule(db, weekdayHours({ practitionerId: 'doc-surgeon', locationId: 'room-3', specialty: { code: 'surgeon', display: 'Хирург' } }));
  slots = await slotsOf(db, ivanova);
});

afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

const book = (appointmentId: string, patientId: string, slotId: string) => db.transaction((tx) => bookSlot(tx, { slotId, appointment: appointmentFor(appointmentId, patientId, slotId), now, channel: 'staff', bookedBy: 'registrar-1' }));
const refusalOf = async (work: Promise<unknown>) => {
  const error = (await work.then(() => undefined, (e: unknown) => e)) as OperationOutcomeError;
  expect(isOperationOutcomeError(error)).toBe(true);
  return { status: error.status, refusal: readBookingRefusal(error.outcome), outcome: error.outcome };
};

describe('slot generation', () => {
  it('publishes two weeks of slots as FHIR Slots of a FHIR Schedule', async () => {
    // Weekdays 08:00-12:00 in 20-minute slots around a 10:00-10:20 break: 11 a day; Mondays 2 more preventive.
    expect(slots).toHaveLength(10 * 11 + 2 * 2);
    expect(slots.filter((s) => s.visitType === 'preventive')).toHaveLength(4);
    const first = await readOne<Slot>(db, 'Slot', slots[0]!.slotId);
    expect(first).toMatchObject({ status: 'free', start: '2030-03-04T05:00:00.000Z', end: '2030-03-04T05:20:00.000Z', schedule: { reference: `Schedule/${ivanova}` } });
    const schedule = await readOne(db, 'Schedule', ivanova);
    expect(schedule).toMatchObject({ active: true, planningHorizon: { start: '2030-03-04', end: '2030-03-18' }, comment: 'Иванова Анна, Терапевт' });
  });
});

describe('booking', () => {
  it('books a free slot: the Appointment, the busy Slot and the ledger row commit together', async () => {
    const { appointment, slot } = await book('a-1', 'p-1', slots[3]!.slotId);
    expect(slot.status).toBe('busy');
    expect(appointment).toMatchObject({ status: 'booked', start: slots[3]!.start, slot: [{ reference: `Slot/${slots[3]!.slotId}` }] });
    expect(appointment.participant.map((p) => p.actor?.reference)).toEqual(['Patient/p-1', 'Practitioner/doc-ivanova', 'Location/room-1']);
    expect(appointment.extension).toContainEqual({ url: SCHEDULING_EXTENSIONS.bookingChannel, valueCode: 'staff' });
    const { rows } = await db.query(`SELECT slot_id, patient_id, channel, released_at FROM slot_booking WHERE appointment_id = 'a-1'`);
    expect(rows).toEqual([{ slot_id: slots[3]!.slotId, patient_id: 'p-1', channel: 'staff', released_at: null }]);
  });

  it('refuses a taken slot with the nearest free alternatives and the patient phone, writing nothing', async () => {
    const { status, refusal } = await refusalOf(book('a-2', 'p-2', slots[3]!.slotId));
    expect(status).toBe(409);
    expect(refusal).toMatchObject({ code: 'slot-taken', slotId: slots[3]!.slotId, patient: { patientId: 'p-2', phone: '+375291000002' } });
    const offered = refusal!.alternatives;
    // Three of the same doctor nearest the wanted 09:00 (08:40, 09:20, then 08:20 or 09:40), then the other therapist.
    expect(offered.slice(0, 3).every((a) => a.practitionerId === 'doc-ivanova')).toBe(true);
    expect(offered.slice(0, 2).map((a) => a.slotId)).toEqual([slots[2]!.slotId, slots[4]!.slotId]);
    expect(offered.slice(3).map((a) => a.practitionerId)).toEqual(['doc-petrov', 'doc-petrov', 'doc-petrov']);
    expect(offered[3]!.start).toBe(slots[3]!.start);
    expect(offered.every((a) => a.visitType === 'follow-up' && a.specialty?.code === 'therapist')).toBe(true);
    expect(await readOne(db, 'Appointment', 'a-2')).toBeUndefined();
  });

  it('refuses an appointment whose visit type differs from the slot, and unknown slots', async () => {
    const preventive = slots.find((s) => s.visitType === 'preventive')!;
    const followUp = { ...appointmentFor('a-3', 'p-3', preventive.slotId), serviceType: [{ coding: [{ system: 'https://medkarta.by/fhir/CodeSystem/visit-type', code: 'follow-up' }] }] };
    const { refusal } = await refusalOf(db.transaction((tx) => bookSlot(tx, { slotId: preventive.slotId, appointment: followUp, now })));
    expect(refusal?.code).toBe('visit-type-mismatch');
    const { status } = await refusalOf(book('a-3', 'p-3', 'no-such-slot'));
    expect(status).toBe(404);
  });

  it('cancels with a reason, frees the slot, and the slot can be booked again', async () => {
    const cancelled = await db.transaction((tx) => cancelAppointment(tx, { appointmentId: 'a-1', reason: 'Пациент в отъезде', now, by: 'patient' }));
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelationReason: { text: 'Пациент в отъезде', coding: [{ code: 'pat' }] } });
    expect((await readOne<Slot>(db, 'Slot', slots[3]!.slotId))?.status).toBe('free');
    const again = await db.transaction((tx) => cancelAppointment(tx, { appointmentId: 'a-1', reason: 'twice', now }));
    expect(again.meta?.versionId).toBe(cancelled.meta?.versionId);
    const { appointment } = await book('a-4', 'p-2', slots[3]!.slotId);
    expect(appointment.status).toBe('booked');
  });

  it('reschedules keeping the appointment id; a taken target changes nothing', async () => {
    await book('a-5', 'p-5', slots[6]!.slotId);
    const moved = await db.transaction((tx) => rescheduleAppointment(tx, { appointmentId: 'a-5', slotId: slots[7]!.slotId, now, by: 'clinic', channel: 'staff', bookedBy: 'r' }));
    expect(moved.appointment).toMatchObject({ id: 'a-5', status: 'booked', start: slots[7]!.start, slot: [{ reference: `Slot/${slots[7]!.slotId}` }] });
    expect((await readOne<Slot>(db, 'Slot', slots[6]!.slotId))?.status).toBe('free');
    expect((await readOne<Slot>(db, 'Slot', slots[7]!.slotId))?.status).toBe('busy');

    const { refusal } = await refusalOf(db.transaction((tx) => rescheduleAppointment(tx, { appointmentId: 'a-5', slotId: slots[3]!.slotId, now, by: 'clinic', channel: 'staff', bookedBy: 'r' })));
    expect(refusal?.code).toBe('slot-taken');
    expect(refusal?.alternatives.map((a) => a.slotId)).not.toContain(slots[7]!.slotId);
    expect((await readOne<Appointment>(db, 'Appointment', 'a-5'))?.slot?.[0]?.reference).toBe(`Slot/${slots[7]!.slotId}`);
    expect((await readOne<Slot>(db, 'Slot', slots[7]!.slotId))?.status).toBe('busy');
  });

  it('marks arrival and no-show, and refuses what cannot happen', async () => {
    const arrived = await db.transaction((tx) => markAppointment(tx, { appointmentId: 'a-4', status: 'arrived', now }));
    expect(arrived.status).toBe('arrived');
    await book('a-6', 'p-6', slots[8]!.slotId);
    const early = await refusalOf(db.transaction((tx) => markAppointment(tx, { appointmentId: 'a-6', status: 'noshow', now })));
    expect(early.status).toBe(409);
    const later = new Date(slots[8]!.start);
    const noShow = await db.transaction((tx) => markAppointment(tx, { appointmentId: 'a-6', status: 'noshow', now: later }));
    expect(noShow.status).toBe('noshow');
    // A no-show still used the time: the slot stays taken.
    expect((await refusalOf(book('a-7', 'p-7', slots[8]!.slotId))).refusal?.code).toBe('slot-taken');
    const fulfilled = await db.transaction((tx) => markAppointment(tx, { appointmentId: 'a-4', status: 'fulfilled', now }));
    expect(fulfilled.status).toBe('fulfilled');
    expect((await refusalOf(db.transaction((tx) => cancelAppointment(tx, { appointmentId: 'a-4', reason: 'late', now })))).status).toBe(409);
  });
});

describe('the sync book and cancel mutations', () => {
  const caller = { principal: { kind: 'user' as const, subject: 'ws-user', display: 'Registrar', roles: ['registrar' as const], organizationId: ORG }, organizationId: ORG, device: true };
  const pushOne = (clientId: string, mutation: Mutation) => applyPush(db, caller, clientId, [{ mutationId: mutation.mutationId, mutation }], () => now);

  it('apply through the same ledger: a taken slot comes back rejected with alternatives and the phone', async () => {
    const slotId = slots[10]!.slotId;
    const times = { start: slots[10]!.start, end: slots[10]!.end };
    const push = (clientId: string, appointmentId: string, patientId: string) => pushOne(clientId, { mutationId: 1, kind: 'book', args: { slotId, appointment: appointmentFor(appointmentId, patientId, slotId, times) } });
    const first = await push('ws-a', 'ws-a-1', 'p-8');
    expect(first.results[0]).toMatchObject({ status: 'applied', resource: { resourceType: 'Appointment', id: 'ws-a-1' } });
    const second = await push('ws-b', 'ws-b-1', 'p-9');
    const result = second.results[0]!;
    expect(result.status).toBe('rejected');
    if (result.status !== 'rejected') return;
    const refusal = readBookingRefusal(result.outcome);
    expect(refusal).toMatchObject({ code: 'slot-taken', patient: { patientId: 'p-9', phone: '+375291000009' } });
    expect(refusal!.alternatives.length).toBeGreaterThan(0);
    expect(result.current).toMatchObject({ resourceType: 'Slot', id: slotId, status: 'busy' });

    const cancel = await pushOne('ws-a', { mutationId: 2, kind: 'cancel', args: { appointmentId: 'ws-a-1', reason: 'Заболел врач' } });
    expect(cancel.results[0]).toMatchObject({ status: 'applied', resource: { status: 'cancelled' } });
    const notices = await db.query(`SELECT kind, reason FROM schedule_change_notice WHERE appointment_id = 'ws-a-1'`);
    expect(notices.rows).toEqual([{ kind: 'cancelled-by-clinic', reason: 'Заболел врач' }]);
  });

  it('has the database itself refuse a second active booking of a slot, whatever code writes it', async () => {
    const insert = (appointmentId: string) =>
      db.query(`INSERT INTO slot_booking (slot_id, appointment_id, patient_id, channel, booked_by, booked_at) VALUES ($1, $2, 'p-1', 'staff', 'sql', now())`, [slots[12]!.slotId, appointmentId]);
    await insert('sql-1');
    await expect(insert('sql-2')).rejects.toMatchObject({ code: '23505' });
    await db.query(`DELETE FROM slot_booking WHERE appointment_id = 'sql-1'`);
  });

  it('holds the ledger for Appointments written outside scheduling too (FHIR REST, sync create/update)', async () => {
    const [held, free] = [slots[8]!, slots[13]!];
    const bypass = (id: string, slotId: string, status: Appointment['status'] = 'booked') => {
      const { start, end } = slots.find((s) => s.slotId === slotId)!;
      return db.transaction((tx) => writeResources(tx, [{ kind: 'update', resource: { ...appointmentFor(id, 'p-10', slotId, { start, end }), status } }], now));
    };
    // A second appointment on a held slot is refused by the database like any second booking.
    await expect(bypass('raw-1', held.slotId)).rejects.toMatchObject({ status: 409 });
    // One on a free slot takes it in the ledger, so scheduling will not book it again.
    await bypass('raw-2', free.slotId);
    expect((await refusalOf(book('a-12', 'p-12', free.slotId))).refusal?.code).toBe('slot-taken');
    // Cancelled by a plain update, it lets the slot go.
    await bypass('raw-2', free.slotId, 'cancelled');
    expect((await book('a-13', 'p-13', free.slotId)).appointment.status).toBe('booked');
  });

  it('never leaves two active appointments on one slot', async () => {
    expect(await doubleBookedSlots(db)).toEqual([]);
  });

  // Scheduling assembles Appointments, Slots and Schedules itself and does not re-validate each
  // one on the hot path: this checks that everything it stored is valid R4.
  it('stores only valid R4 Schedules, Slots and Appointments', async () => {
    const { rows } = await db.query<{ content: unknown }>(`SELECT content FROM resource WHERE resource_type IN ('Schedule', 'Slot', 'Appointment') AND NOT deleted`);
    expect(rows.length).toBeGreaterThan(300);
    for (const row of rows) validateIncoming(contentOf(row.content));
  });
});
