import { describe, expect, it } from 'vitest';
import type { DeskAppointment, DeskRefusal } from '../../../shared/api/schedule-desk.js';
import type { FreeSlot, ScheduleView } from '../../../shared/api/schedule-views.js';
import type { PreventiveDueList, WalkInEntry } from '../../../shared/api/schedule-booking.js';
import { localDateOf } from '../../../shared/domain/zoned-time.js';
import { STAFF_PASSWORD } from '../../../test/fixtures/workstation/central-clinic.js';
import { bookOnCentral, centralAppointment, centralView, centralWalkIns } from '../../../test/fixtures/workstation/clinic-schedule.js';
import { openTestWorkstation } from '../../../test/fixtures/workstation/open-test-workstation.js';
import { useDeskWorkstation } from '../../../test/fixtures/workstation/desk-workstation.js';

/**
 * The registrar's desk against a real Central over a real encrypted store: what is booked here
 * offline reaches Central, a slot taken meanwhile comes back as a refusal with alternatives and the
 * patient's phone, and the local view is the one Central builds.
 */
const desk = useDeskWorkstation();
const { call, refused, sync } = desk;
const nextFree = async (count = 1, visitType = 'follow-up') => (await call<{ slots: FreeSlot[] }>('schedule.nextFree', { scheduleId: desk.scheduleId, visitType, limit: count })).slots;
const today = () => localDateOf(new Date(), 'Europe/Minsk');

describe('the schedule on the desk', () => {
  it('lists the clinic’s schedules and their specialties', async () => {
    expect(await call('schedule.directory')).toEqual({
      schedules: [{ scheduleId: desk.scheduleId, display: 'Лукашевич О. И., терапевт, каб. 214', practitionerId: 'ws-doctor', specialty: { code: 'therapist', display: 'Терапевт' } }],
      specialties: [{ code: 'therapist', display: 'Терапевт' }],
    });
  });

  it('shows a day and a week exactly as Central builds them, by schedule or by specialty', async () => {
    const [slot] = await nextFree();
    await bookOnCentral(desk.clinic, slot!.slotId, 'desk-2', 'view-check');
    await sync();
    for (const days of [1, 7] as const) {
      const mine = await call<ScheduleView>('schedule.view', { scheduleId: desk.scheduleId, from: today(), days });
      expect(mine).toEqual(await centralView(desk.clinic, { scheduleId: desk.scheduleId, from: today(), days }));
      expect(await call<ScheduleView>('schedule.view', { specialty: 'therapist', from: today(), days })).toEqual(mine);
    }
    const week = await call<ScheduleView>('schedule.view', { scheduleId: desk.scheduleId, from: today(), days: 7 });
    expect(week.schedules[0]!.days).toHaveLength(7);
    const booked = week.schedules[0]!.days.flatMap((d) => d.slots).find((s) => s.slotId === slot!.slotId);
    expect(booked).toMatchObject({ state: 'booked', pending: false, appointment: { appointmentId: 'view-check', patient: { name: 'Жук Алеся', phone: '+375 33 444-55-66' } } });
    expect(await refused('schedule.view', { from: today(), days: 1 })).toMatchObject({ code: 'invalid' });
  });
});

describe('booking offline', () => {
  it('shows the booking as pending at once, and when Central refuses it the refusal comes with alternatives and the phone; one alternative books in one call', async () => {
    const [slot] = await nextFree();
    desk.t.network.down = true;
    const booked = await call<DeskAppointment>('schedule.book', { slotId: slot!.slotId, patientId: 'desk-1' });
    expect(booked).toMatchObject({ pending: true, appointment: { status: 'booked', slotId: slot!.slotId, patientId: 'desk-1', start: slot!.start } });
    const cell = async () => (await call<ScheduleView>('schedule.view', { scheduleId: desk.scheduleId, from: localDateOf(slot!.start, 'Europe/Minsk'), days: 1 })).schedules[0]!.days[0]!.slots.find((s) => s.slotId === slot!.slotId)!;
    expect(await cell()).toMatchObject({ state: 'booked', pending: true, appointment: { patient: { name: 'Ковалёва Марина' } } });
    // The slot is no longer offered here, and booking it again here is refused at once.
    expect((await nextFree()).map((s) => s.slotId)).not.toContain(slot!.slotId);
    expect(await refused('schedule.book', { slotId: slot!.slotId, patientId: 'desk-2' })).toMatchObject({ code: 'conflict', field: 'slotId' });

    // Meanwhile the patient's neighbour takes the same slot through the cabinet.
    await bookOnCentral(desk.clinic, slot!.slotId, 'desk-2', 'cabinet-first');
    desk.t.network.down = false;
    await sync();

    const { items } = await call<{ items: DeskRefusal[] }>('schedule.refusals');
    expect(items).toHaveLength(1);
    const [refusal] = items;
    expect(refusal).toMatchObject({ attempted: { slotId: slot!.slotId, start: slot!.start, scheduleDisplay: 'Лукашевич О. И., терапевт, каб. 214' }, refusal: { code: 'slot-taken', patient: { patientId: 'desk-1', phone: '+375 29 111-22-33' } } });
    expect(refusal!.refusal.alternatives.length).toBeGreaterThan(0);
    expect(refusal!.refusal.alternatives.map((a) => a.slotId)).not.toContain(slot!.slotId);
    // The refused booking is gone from the replica; the slot shows the cabinet's booking.
    expect(await cell()).toMatchObject({ state: 'booked', pending: false, appointment: { appointmentId: 'cabinet-first', patientId: 'desk-2' } });
    expect(await centralAppointment(desk.clinic, booked.appointment.appointmentId)).toBeNull();

    const alternative = refusal!.refusal.alternatives[0]!;
    const resolved = await call<{ resolved: string; booked: DeskAppointment }>('schedule.resolveRefusal', { id: refusal!.id, slotId: alternative.slotId });
    expect(resolved.booked).toMatchObject({ pending: true, appointment: { slotId: alternative.slotId, patientId: 'desk-1' } });
    expect((await call<{ items: DeskRefusal[] }>('schedule.refusals')).items).toEqual([]);
    await sync();
    expect(await centralAppointment(desk.clinic, resolved.booked.appointment.appointmentId)).toEqual({ status: 'booked', slot: `Slot/${alternative.slotId}` });
  });
});

describe('changing bookings', () => {
  it('cancels with a reason, freeing the slot here at once and on Central after sync', async () => {
    const [slot] = await nextFree();
    const { appointment } = await call<DeskAppointment>('schedule.book', { slotId: slot!.slotId, patientId: 'desk-2' });
    await sync();
    expect(await refused('schedule.cancel', { appointmentId: appointment.appointmentId, reason: 'no' })).toMatchObject({ code: 'invalid', field: 'reason' });
    const cancelled = await call<DeskAppointment>('schedule.cancel', { appointmentId: appointment.appointmentId, reason: 'Врач на больничном' });
    expect(cancelled.appointment).toMatchObject({ status: 'cancelled', cancelReason: 'Врач на больничном', cancelledBy: 'clinic' });
    expect((await nextFree()).map((s) => s.slotId)).toContain(slot!.slotId);
    await sync();
    expect(await centralAppointment(desk.clinic, appointment.appointmentId)).toMatchObject({ status: 'cancelled' });
  });

  it('moves a booking offline as one pending move that Central applies in one step; a refused move keeps the old time and an alternative moves it', async () => {
    const [first, second, third] = await nextFree(3);
    const { appointment } = await call<DeskAppointment>('schedule.book', { slotId: first!.slotId, patientId: 'desk-1' });
    await sync();
    const cell = async (slot: FreeSlot) => (await call<ScheduleView>('schedule.view', { scheduleId: desk.scheduleId, from: localDateOf(slot.start, 'Europe/Minsk'), days: 1 })).schedules[0]!.days[0]!.slots.find((s) => s.slotId === slot.slotId)!;

    desk.t.network.down = true;
    const moved = await call<DeskAppointment>('schedule.reschedule', { appointmentId: appointment.appointmentId, slotId: second!.slotId, reason: 'Просьба пациента' });
    expect(moved).toMatchObject({ pending: true, appointment: { appointmentId: appointment.appointmentId, slotId: second!.slotId, start: second!.start, status: 'booked' } });
    expect(await cell(second!)).toMatchObject({ state: 'booked', pending: true, appointment: { appointmentId: appointment.appointmentId } });
    expect((await nextFree(5)).map((s) => s.slotId)).not.toContain(second!.slotId);
    desk.t.network.down = false;
    await sync();
    // One appointment, moved: no cancellation and no second booking at Central.
    expect(await centralAppointment(desk.clinic, appointment.appointmentId)).toEqual({ status: 'booked', slot: `Slot/${second!.slotId}` });
    expect(await desk.clinic.central.ctx.db.query(`SELECT slot_id, release_reason FROM slot_booking WHERE appointment_id = $1 ORDER BY id`, [appointment.appointmentId]).then((r) => r.rows)).toEqual([
      { slot_id: first!.slotId, release_reason: 'rescheduled' },
      { slot_id: second!.slotId, release_reason: null },
    ]);
    expect(await cell(second!)).toMatchObject({ state: 'booked', pending: false, appointment: { appointmentId: appointment.appointmentId } });
    expect(await cell(first!)).toMatchObject({ state: 'free' });

    // The third slot is taken on Central before the move arrives: the patient keeps the second.
    desk.t.network.down = true;
    expect((await call<DeskAppointment>('schedule.reschedule', { appointmentId: appointment.appointmentId, slotId: third!.slotId })).pending).toBe(true);
    await bookOnCentral(desk.clinic, third!.slotId, 'desk-3', 'cabinet-third');
    desk.t.network.down = false;
    await sync();
    expect(await centralAppointment(desk.clinic, appointment.appointmentId)).toEqual({ status: 'booked', slot: `Slot/${second!.slotId}` });
    expect(await cell(second!)).toMatchObject({ state: 'booked', pending: false, appointment: { appointmentId: appointment.appointmentId } });
    expect(await cell(third!)).toMatchObject({ state: 'booked', appointment: { appointmentId: 'cabinet-third' } });
    const { items } = await call<{ items: DeskRefusal[] }>('schedule.refusals');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ movedAppointmentId: appointment.appointmentId, attempted: { slotId: third!.slotId, start: third!.start }, refusal: { code: 'slot-taken', patient: { patientId: 'desk-1', phone: '+375 29 111-22-33' } } });
    // The alert says which time the patient keeps: the second, where Central put the appointment back.
    expect(new Date(items[0]!.keptStart!).getTime()).toBe(new Date(second!.start).getTime());
    const alternative = items[0]!.refusal.alternatives.find((a) => a.slotId !== second!.slotId)!;
    const resolved = await call<{ booked: DeskAppointment }>('schedule.resolveRefusal', { id: items[0]!.id, slotId: alternative.slotId });
    expect(resolved.booked).toMatchObject({ pending: true, appointment: { appointmentId: appointment.appointmentId, slotId: alternative.slotId } });
    await sync();
    expect(await centralAppointment(desk.clinic, appointment.appointmentId)).toEqual({ status: 'booked', slot: `Slot/${alternative.slotId}` });
    expect((await call<{ items: DeskRefusal[] }>('schedule.refusals')).items).toEqual([]);
  });

  it('marks arrival; a no-show cannot be marked before the time', async () => {
    const [slot] = await nextFree();
    const { appointment } = await call<DeskAppointment>('schedule.book', { slotId: slot!.slotId, patientId: 'desk-3' });
    expect(await refused('schedule.mark', { appointmentId: appointment.appointmentId, status: 'noshow' })).toMatchObject({ code: 'conflict' });
    expect((await call<DeskAppointment>('schedule.mark', { appointmentId: appointment.appointmentId, status: 'arrived' })).appointment.status).toBe('arrived');
    await sync();
    await sync();
    expect(await centralAppointment(desk.clinic, appointment.appointmentId)).toMatchObject({ status: 'arrived' });
  });
});

describe('walk-ins', () => {
  it('queue in order of arrival, are called in and seen, offline too; Central and the clinic’s other workstation show the same queue', async () => {
    desk.t.network.down = true;
    const a = (await call<{ entry: WalkInEntry }>('schedule.addWalkIn', { patientId: 'desk-1', note: 'Справка' })).entry;
    const b = (await call<{ entry: WalkInEntry }>('schedule.addWalkIn', { patientId: 'desk-2' })).entry;
    const c = (await call<{ entry: WalkInEntry }>('schedule.addWalkIn', { patientId: 'desk-3' })).entry;
    expect([a.position, b.position, c.position]).toEqual([1, 2, 3]);
    expect(a).toMatchObject({ status: 'arrived', note: 'Справка', patient: { name: 'Ковалёва Марина', phone: '+375 29 111-22-33' } });
    expect((await call<{ entry: WalkInEntry }>('schedule.walkInAction', { appointmentId: a.appointmentId, action: 'call' })).entry.status).toBe('checked-in');
    expect((await call<{ entry: WalkInEntry }>('schedule.walkInAction', { appointmentId: b.appointmentId, action: 'left' })).entry.status).toBe('cancelled');
    const queue = await call<{ date: string; entries: WalkInEntry[] }>('schedule.walkIns');
    expect(queue.date).toBe(today());
    expect(queue.entries.map((e) => [e.appointmentId, e.status])).toEqual([[a.appointmentId, 'checked-in'], [b.appointmentId, 'cancelled'], [c.appointmentId, 'arrived']]);
    desk.t.network.down = false;
    await sync();
    expect(await centralAppointment(desk.clinic, a.appointmentId)).toMatchObject({ status: 'checked-in' });
    expect(await centralAppointment(desk.clinic, b.appointmentId)).toMatchObject({ status: 'cancelled' });

    // Central's queue (/scheduling/walk-ins) is the desk's, in the same order with the same steps.
    const shown = (entries: WalkInEntry[]) => entries.map((e) => ({ appointmentId: e.appointmentId, position: e.position, status: e.status, patient: e.patient.patientId, queuedAt: e.queuedAt, note: e.note }));
    const mine = shown((await call<{ entries: WalkInEntry[] }>('schedule.walkIns')).entries);
    expect(shown(await centralWalkIns(desk.clinic, today()))).toEqual(mine);

    // The registrar at the next desk sees the same queue and calls the next patient in.
    const other = await openTestWorkstation(desk.clinic.url);
    try {
      await other.ws.enrol({ username: 'admin.p3', password: STAFF_PASSWORD, display: 'Регистратура 2' });
      const callOther = async <T>(method: string, input: unknown = {}): Promise<T> => {
        const result = await other.ws.handlers.call(method, input);
        if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
        return result.value as T;
      };
      await callOther('session.login', { username: 'registrar.p3', password: STAFF_PASSWORD });
      await callOther('sync.now');
      expect(shown((await callOther<{ entries: WalkInEntry[] }>('schedule.walkIns')).entries)).toEqual(mine);
      await callOther('schedule.walkInAction', { appointmentId: c.appointmentId, action: 'call' });
      await callOther('sync.now');
    } finally {
      await other.close();
    }
    await sync();
    expect((await call<{ entries: WalkInEntry[] }>('schedule.walkIns')).entries.find((e) => e.appointmentId === c.appointmentId)).toMatchObject({ status: 'checked-in' });
    expect((await centralWalkIns(desk.clinic, today())).find((e) => e.appointmentId === c.appointmentId)).toMatchObject({ status: 'checked-in' });
  });
});

describe('preventive examinations', () => {
  it('lists the adults due by the rules, and booking from the list marks them booked', async () => {
    const due = await call<PreventiveDueList>('schedule.preventiveDue', {});
    const ids = due.entries.map((e) => e.patient.patientId);
    expect(ids).toEqual(expect.arrayContaining(['desk-1', 'desk-2']));
    // Examined last month; a child is not on the adults' list.
    expect(ids).not.toContain('desk-3');
    expect(ids).not.toContain('desk-child');
    expect(due.entries.find((e) => e.patient.patientId === 'desk-1')).toMatchObject({ reason: 'never-examined', dueDate: '2008-05-01', lastExamDate: null, booked: null, patient: { phone: '+375 29 111-22-33' } });

    const [slot] = await nextFree(1, 'preventive');
    expect(slot!.visitType).toBe('preventive');
    const { appointment } = await call<DeskAppointment>('schedule.book', { slotId: slot!.slotId, patientId: 'desk-1' });
    const after = await call<PreventiveDueList>('schedule.preventiveDue', { unbookedOnly: false });
    expect(after.entries.find((e) => e.patient.patientId === 'desk-1')!.booked).toEqual({ appointmentId: appointment.appointmentId, start: new Date(slot!.start).toISOString() });
    expect((await call<PreventiveDueList>('schedule.preventiveDue', { unbookedOnly: true })).entries.map((e) => e.patient.patientId)).not.toContain('desk-1');
    await sync();
    expect(await centralAppointment(desk.clinic, appointment.appointmentId)).toMatchObject({ status: 'booked' });
  });
});
