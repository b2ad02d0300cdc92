import { describe, expect, it } from 'vitest';
import type { RebookItem, ScheduleChoices, ScheduleDefinition } from '../../../shared/api/schedule.js';
import type { SaveDefinitionOutput } from '../../../shared/api/schedule-admin.js';
import type { DeskAppointment, ScheduleDirectory } from '../../../shared/api/schedule-desk.js';
import type { FreeSlot, ScheduleView } from '../../../shared/api/schedule-views.js';
import { addDays } from '../../../shared/domain/vaccination-dates.js';
import { localDateOf } from '../../../shared/domain/zoned-time.js';
import { isOperationOutcomeError } from '../../../shared/fhir/outcomes.js';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { STAFF_PASSWORD } from '../../../test/fixtures/workstation/central-clinic.js';
import { centralAppointment } from '../../../test/fixtures/workstation/clinic-schedule.js';
import { useDeskWorkstation } from '../../../test/fixtures/workstation/desk-workstation.js';
import { centralCaller } from '../../session/central-http.js';
import { CentralScheduleAdmin } from './schedule-admin.js';

/**
 * A clinic administrator changes a doctor's hours from the workstation; Central regenerates the
 * slots, and the booking whose slot left is kept and listed for the registrar to rebook.
 */
const desk = useDeskWorkstation();
const { call, refused } = desk;
const loginAs = async (username: string) => {
  await call('session.logout');
  await call('session.login', { username, password: STAFF_PASSWORD });
};
// Two days ahead, in the evening (Minsk is UTC+3): a slot the new hours will no longer hold.
const day = addDays(localDateOf(new Date(), 'Europe/Minsk'), 2);
const weekday = new Date(`${day}T12:00:00Z`).getUTCDay() || 7;

describe('schedule definitions from the workstation', () => {
  let booked: DeskAppointment;

  it('refuses a registrar, on the workstation and again at Central', async () => {
    const [slot] = (await call<{ slots: FreeSlot[] }>('schedule.nextFree', { scheduleId: desk.scheduleId, visitType: 'follow-up', from: `${day}T15:00:00.000Z`, limit: 1 })).slots;
    booked = await call<DeskAppointment>('schedule.book', { slotId: slot!.slotId, patientId: 'desk-1' });
    await call('sync.now');
    expect(await centralAppointment(desk.clinic, booked.appointment.appointmentId)).toMatchObject({ status: 'booked' });

    expect(await refused('schedule.definitions')).toMatchObject({ code: 'forbidden' });
    const direct = new CentralScheduleAdmin(centralCaller(() => desk.clinic.url), () => desk.t.ws.session.accessToken());
    const definitions = await direct.definitions();
    const current = definitions.find((d) => d.scheduleId === desk.scheduleId)!;
    const attempt = await direct.save({ scheduleId: desk.scheduleId, definition: { ...current.definition, hours: [] }, baseVersion: current.version }).catch((error: unknown) => error);
    expect(isOperationOutcomeError(attempt) && attempt.status).toBe(403);
    expect((await direct.definitions()).find((d) => d.scheduleId === desk.scheduleId)!.version).toBe(current.version);
  });

  it('lets the administrator shorten the hours: the booked slot leaves, the booking is kept and goes to the rebook list', async () => {
    await loginAs('admin.p3');
    const { schedules } = await call<{ schedules: ScheduleDefinition[] }>('schedule.definitions');
    const current = schedules.find((s) => s.scheduleId === desk.scheduleId)!;
    const hours = current.definition.hours.map((h) => (h.weekday === weekday && h.start === '14:00' ? { ...h, end: '16:00' } : h));
    const saved = await call<SaveDefinitionOutput>('schedule.saveDefinition', { scheduleId: desk.scheduleId, definition: { ...current.definition, hours }, baseVersion: current.version });
    expect(saved.schedule.version).toBe(current.version + 1);
    expect(saved.regeneration.removed).toBeGreaterThan(0);
    expect(saved.regeneration.affected).toEqual([
      expect.objectContaining({ appointmentId: booked.appointment.appointmentId, reason: 'hours-changed', patient: expect.objectContaining({ patientId: 'desk-1', phone: '+375 29 111-22-33' }) }),
    ]);
    // An edit of the version just replaced is refused rather than silently undoing this one.
    expect(await refused('schedule.saveDefinition', { scheduleId: desk.scheduleId, definition: current.definition, baseVersion: current.version })).toMatchObject({ code: 'conflict' });
    expect(await refused('schedule.saveDefinition', { scheduleId: desk.scheduleId, definition: { ...current.definition, slotMinutes: {} }, baseVersion: saved.schedule.version })).toMatchObject({ code: 'invalid' });
  });

  it('shows the registrar the booking to rebook with the phone; booking it anew empties the list and loses nothing', async () => {
    await loginAs('registrar.p3');
    const { items } = await call<{ items: RebookItem[] }>('schedule.rebookList');
    expect(items).toEqual([expect.objectContaining({ appointmentId: booked.appointment.appointmentId, slotId: booked.appointment.slotId, patient: expect.objectContaining({ name: 'Ковалёва Марина', phone: '+375 29 111-22-33' }) })]);
    expect(await centralAppointment(desk.clinic, booked.appointment.appointmentId)).toMatchObject({ status: 'booked' });

    await call('sync.now');
    const [slot] = (await call<{ slots: FreeSlot[] }>('schedule.nextFree', { scheduleId: desk.scheduleId, visitType: 'follow-up', from: `${day}T09:00:00.000Z`, limit: 1 })).slots;
    const moved = await call<DeskAppointment>('schedule.reschedule', { appointmentId: booked.appointment.appointmentId, slotId: slot!.slotId });
    await call('sync.now');
    await call('sync.now');
    expect(await centralAppointment(desk.clinic, moved.appointment.appointmentId)).toMatchObject({ status: 'booked', slot: `Slot/${slot!.slotId}` });
    expect((await call<{ items: RebookItem[] }>('schedule.rebookList')).items).toEqual([]);
  });

  it('lets the administrator create a schedule for a doctor and a room picked by name; after sync the registrar finds its free times', async () => {
    await desk.clinic.seed([
      { resourceType: 'Practitioner', id: 'ws-surgeon', name: [{ family: 'Гурин', given: ['Павел', 'Андреевич'] }] },
      { resourceType: 'Location', id: 'ws-room-301', name: 'Кабинет 301', managingOrganization: { reference: `Organization/${desk.clinic.organizationId}` } },
      {
        resourceType: 'PractitionerRole',
        id: 'ws-surgeon-role',
        active: true,
        practitioner: { reference: 'Practitioner/ws-surgeon' },
        organization: { reference: `Organization/${desk.clinic.organizationId}` },
        code: [{ coding: [{ system: SYSTEMS.role, code: 'doctor' }], text: 'Врач-хирург' }],
        specialty: [{ coding: [{ system: 'http://snomed.info/sct', code: '394609007' }], text: 'Хирургия' }],
        location: [{ reference: 'Location/ws-room-301' }],
      },
    ]);
    expect(await refused('schedule.definitionChoices')).toMatchObject({ code: 'forbidden' });

    await loginAs('admin.p3');
    const choices = await call<ScheduleChoices>('schedule.definitionChoices');
    const surgeon = choices.doctors.find((d) => d.practitionerId === 'ws-surgeon')!;
    expect(surgeon).toMatchObject({ name: 'Гурин Павел Андреевич', role: 'Врач-хирург', practitionerRoleId: 'ws-surgeon-role', locationId: 'ws-room-301', schedules: 0, specialty: { display: 'Хирургия' } });
    const room = choices.locations.find((l) => l.name === 'Кабинет 301')!;
    expect(choices.locations.map((l) => l.name)).toEqual(['Кабинет 214', 'Кабинет 301']);

    const definition = {
      practitionerId: surgeon.practitionerId,
      practitionerRoleId: surgeon.practitionerRoleId!,
      locationId: room.locationId,
      specialty: surgeon.specialty!,
      slotMinutes: { 'follow-up': 20 },
      hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '20:00' })),
      breaks: [{ start: '12:00', end: '12:40' }],
      horizonWeeks: 1,
    };
    // Bad hours are refused on the workstation, naming the row and the field; nothing reaches Central.
    const before = (await call<{ schedules: ScheduleDefinition[] }>('schedule.definitions')).schedules.length;
    const bad = await refused('schedule.saveDefinition', { definition: { ...definition, hours: [{ weekday: 1, start: '08:00', end: '8:00' }] } });
    expect(bad).toMatchObject({ code: 'invalid', field: 'definition.hours.0.end' });
    expect((await call<{ schedules: ScheduleDefinition[] }>('schedule.definitions')).schedules.length).toBe(before);
    const saved = await call<SaveDefinitionOutput>('schedule.saveDefinition', { definition });
    expect(saved.schedule).toMatchObject({ version: 1, definition: { practitionerId: 'ws-surgeon', locationId: 'ws-room-301', display: 'Гурин Павел Андреевич, Хирургия' } });
    expect(saved.regeneration.created).toBeGreaterThan(100);
    expect((await call<{ schedules: ScheduleDefinition[] }>('schedule.definitions')).schedules.map((s) => s.scheduleId)).toContain(saved.schedule.scheduleId);

    await loginAs('registrar.p3');
    await call('sync.now');
    const directory = await call<ScheduleDirectory>('schedule.directory');
    expect(directory.schedules).toContainEqual(expect.objectContaining({ scheduleId: saved.schedule.scheduleId, practitionerId: 'ws-surgeon' }));
    const week = await call<ScheduleView>('schedule.view', { scheduleId: saved.schedule.scheduleId, from: day, days: 7 });
    expect(week.schedules[0]!.days.filter((d) => d.slots.length > 0).length).toBeGreaterThanOrEqual(5);
    const [slot] = (await call<{ slots: FreeSlot[] }>('schedule.nextFree', { scheduleId: saved.schedule.scheduleId, from: `${day}T06:00:00.000Z`, limit: 1 })).slots;
    expect(slot).toBeDefined();
  });

  it('says plainly that it needs the network when Central cannot be reached', async () => {
    desk.t.network.down = true;
    try {
      expect(await refused('schedule.rebookList')).toMatchObject({ code: 'unavailable' });
      await loginAs('admin.p3');
      expect(await refused('schedule.definitionChoices')).toMatchObject({ code: 'unavailable' });
      expect(await refused('schedule.saveDefinition', { definition: { practitionerId: 'ws-surgeon', locationId: 'ws-room-301', specialty: { code: 'surgeon', display: 'Хирург' }, slotMinutes: { 'follow-up': 20 }, hours: [] } })).toMatchObject({ code: 'unavailable' });
    } finally {
      desk.t.network.down = false;
    }
  });
});
