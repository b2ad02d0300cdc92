import type { Appointment, Slot } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEDULING_EXTENSIONS } from '../../shared/fhir/scheduling.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/central.js';
import type { Database } from '../db/database.js';
import { bookSlot } from './booking.js';
import { openRebookItems } from './notices.js';
import { rescheduleAppointment } from './reschedule.js';
import { extendHorizons } from './schedules.js';
import { readOne } from './store.js';
import { appointmentFor, defineSchedule, doubleBookedSlots, MONDAY_8AM, ORG, seedClinic, slotsOf, weekdayHours } from './testing.js';

let testDb: TestDatabase;
let db: Database;
let scheduleId: string;
let version: number;
const now = MONDAY_8AM;
// Local (Minsk) wall-clock instants of the first week, as UTC.
const at = (date: string, time: string) => new Date(`${date}T${time}:00+03:00`).toISOString();

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await testDb.open();
  await seedClinic(db);
  const saved = await defineSchedule(db, weekdayHours());
  scheduleId = saved.schedule.scheduleId;
  version = saved.schedule.version;
});

afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

const slotAt = async (start: string) => (await slotsOf(db, scheduleId)).find((s) => s.start === start);
async function bookAt(appointmentId: string, patientId: string, start: string): Promise<string> {
  const slot = (await slotAt(start))!;
  await db.transaction((tx) => bookSlot(tx, { slotId: slot.slotId, appointment: appointmentFor(appointmentId, patientId, slot.slotId), now }));
  return slot.slotId;
}
async function redefine(overrides: Parameters<typeof weekdayHours>[0], when = now) {
  const saved = await defineSchedule(db, weekdayHours(overrides), { scheduleId, baseVersion: version, now: when });
  version = saved.schedule.version;
  return saved.regeneration;
}

describe('changing a schedule never loses a booking', () => {
  let tuesdaySlot: string;

  it('an absence removes the free slots of those days and sends their bookings to the rebook list', async () => {
    tuesdaySlot = await bookAt('tue-1', 'p-1', at('2030-03-05', '09:00'));
    await bookAt('wed-1', 'p-2', at('2030-03-06', '09:00'));
    const report = await redefine({ absences: [{ from: '2030-03-05', to: '2030-03-05', reason: 'sick-leave' }] });
    expect(report).toMatchObject({ created: 0, removed: 10 });
    expect(report.affected).toEqual([expect.objectContaining({ appointmentId: 'tue-1', slotId: tuesdaySlot, reason: 'sick-leave', patient: expect.objectContaining({ patientId: 'p-1', phone: '+375291000001' }) })]);
    // The booked slot stays (outside the plan), still busy, still the patient's.
    expect(await slotAt(at('2030-03-05', '09:00'))).toMatchObject({ planned: false });
    expect((await readOne<Slot>(db, 'Slot', tuesdaySlot))?.status).toBe('busy');
    expect((await slotsOf(db, scheduleId)).filter((s) => s.start.startsWith('2030-03-05'))).toHaveLength(1);
    const appointment = await readOne<Appointment>(db, 'Appointment', 'tue-1');
    expect(appointment).toMatchObject({ status: 'booked', extension: expect.arrayContaining([{ url: SCHEDULING_EXTENSIONS.rebookNeeded, valueCode: 'sick-leave' }]) });
    expect((await openRebookItems(db, { organizationId: ORG })).map((i) => i.appointmentId)).toEqual(['tue-1']);
    const notice = await db.query(`SELECT kind, rebook_reason FROM schedule_change_notice WHERE appointment_id = 'tue-1'`);
    expect(notice.rows).toEqual([{ kind: 'rebook-needed', rebook_reason: 'sick-leave' }]);
  });

  it('a booking whose start is still a slot start survives changed hours; the others are listed', async () => {
    await bookAt('wed-2', 'p-3', at('2030-03-06', '11:20'));
    const wednesdayMorning = { weekday: 3, start: '08:00', end: '10:00', visitType: 'first-visit' as const };
    const hours = weekdayHours().hours.filter((h) => h.weekday !== 3).concat(wednesdayMorning);
    const report = await redefine({ hours, absences: [{ from: '2030-03-05', to: '2030-03-05', reason: 'sick-leave' }] });
    expect(report.affected.map((i) => [i.appointmentId, i.reason])).toEqual([['wed-2', 'hours-changed']]);
    const nine = (await slotAt(at('2030-03-06', '09:00')))!;
    expect(nine).toMatchObject({ planned: true, visitType: 'first-visit', end: at('2030-03-06', '09:30') });
    expect((await readOne<Slot>(db, 'Slot', nine.slotId))).toMatchObject({ status: 'busy', end: at('2030-03-06', '09:30') });
    expect((await readOne<Appointment>(db, 'Appointment', 'wed-1'))?.status).toBe('booked');
  });

  it('moving a listed booking closes its item and removes the slot that left the plan', async () => {
    const target = (await slotAt(at('2030-03-07', '08:00')))!;
    await db.transaction((tx) => rescheduleAppointment(tx, { appointmentId: 'tue-1', slotId: target.slotId, now, by: 'clinic', channel: 'staff', bookedBy: 'r' }));
    expect(await readOne(db, 'Slot', tuesdaySlot)).toBeUndefined();
    expect(await slotAt(at('2030-03-05', '09:00'))).toBeUndefined();
    const moved = await readOne<Appointment>(db, 'Appointment', 'tue-1');
    expect(moved?.extension?.some((e) => e.url === SCHEDULING_EXTENSIONS.rebookNeeded)).toBe(false);
    expect((await openRebookItems(db, { organizationId: ORG })).map((i) => i.appointmentId)).toEqual(['wed-2']);
    const notices = await db.query(`SELECT kind FROM schedule_change_notice WHERE appointment_id = 'tue-1' ORDER BY id`);
    expect(notices.rows.map((r) => r.kind)).toEqual(['rebook-needed', 'rescheduled-by-clinic']);
  });

  it('a booking whose slot comes back into the plan is off the list again', async () => {
    const report = await redefine({ absences: [] });
    expect(report.affected).toEqual([]);
    expect(await slotAt(at('2030-03-06', '11:20'))).toMatchObject({ planned: true });
    expect(await openRebookItems(db, { organizationId: ORG })).toEqual([]);
    const wed2 = await readOne<Appointment>(db, 'Appointment', 'wed-2');
    expect(wed2?.extension?.some((e) => e.url === SCHEDULING_EXTENSIONS.rebookNeeded)).toBe(false);
    // Tuesday is back, with its 09:00 slot free again.
    expect((await slotsOf(db, scheduleId)).filter((s) => s.start.startsWith('2030-03-05'))).toHaveLength(11);
  });

  it('refuses an edit of a version someone else changed meanwhile', async () => {
    await expect(defineSchedule(db, weekdayHours(), { scheduleId, baseVersion: version - 1 })).rejects.toMatchObject({ status: 412 });
  });

  it('closing the schedule lists every future booking and removes every free slot', async () => {
    const report = await redefine({ active: false });
    expect(report.affected.map((i) => [i.appointmentId, i.reason]).sort()).toEqual([['tue-1', 'schedule-closed'], ['wed-1', 'schedule-closed'], ['wed-2', 'schedule-closed']]);
    expect((await slotsOf(db, scheduleId)).map((s) => s.planned)).toEqual([false, false, false]);
    expect(await doubleBookedSlots(db)).toEqual([]);
  });

  it('keeps the horizon moving as days pass, never touching slots that have started', async () => {
    await redefine({ active: true });
    const weekLater = new Date(now.getTime() + 7 * 86_400_000);
    const reports = await extendHorizons(db, weekLater);
    expect(reports.map((r) => [r.from, r.to])).toEqual([['2030-03-11', '2030-03-25']]);
    const all = await slotsOf(db, scheduleId);
    expect(all.at(-1)!.start.startsWith('2030-03-22')).toBe(true);
    // The first week is in the past by then and stays as it was: 5 days of 11 slots, 2 preventive.
    expect(all.filter((s) => s.start < weekLater.toISOString())).toHaveLength(5 * 11 + 2);
    expect(await extendHorizons(db, weekLater)).toEqual([]);
  });
});
