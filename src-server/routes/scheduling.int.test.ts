import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RebookListSchema, SaveScheduleResponseSchema, ScheduleChoicesSchema } from '../../shared/api/schedule.js';
import { PreventiveDueListSchema, WalkInQueueSchema } from '../../shared/api/schedule-booking.js';
import { AppointmentResponseSchema, FreeSlotsResponseSchema, ScheduleViewSchema } from '../../shared/api/schedule-views.js';
import { readBookingRefusal } from '../../shared/fhir/booking-refusal.js';
import { ENCOUNTER_KIND_SYSTEM } from '../../shared/fhir/encounter-kinds.js';
import { SYSTEMS } from '../../shared/fhir/systems.js';
import type { Role } from '../../shared/domain/roles.js';
import { headersFor } from '../../test/support/auth.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { validateIncoming } from '../fhir/validation.js';
import { writeResources } from '../fhir/write.js';
import { contentOf } from '../scheduling/store.js';
import { MONDAY_8AM, ORG, OTHER_ORG, seedClinic, testPatient, weekdayHours } from '../scheduling/testing.js';

let central: TestCentral;

beforeAll(async () => {
  central = await startTestCentral();
  central.ctx.now = () => MONDAY_8AM;
  await seedClinic(central.ctx.db, 12);
  // A 25-year-old examined last year is not due; everybody else (born 1980, never examined) is.
  const young = testPatient(50, '2005-01-10');
  await central.ctx.db.transaction((tx) =>
    writeResources(tx, [
      { kind: 'update', resource: young },
      { kind: 'update', resource: { resourceType: 'Encounter', id: 'exam-50', status: 'finished', class: { code: 'AMB' }, type: [{ coding: [{ system: ENCOUNTER_KIND_SYSTEM, code: 'preventive' }] }], subject: { reference: 'Patient/p-50' }, period: { start: '2029-05-01' } } },
    ], MONDAY_8AM),
  );
});

afterAll(async () => {
  await central?.close();
});

async function call(role: Role, method: string, path: string, body?: unknown, org = ORG) {
  const response = await fetch(`${central.url}${path}`, {
    method,
    headers: { ...headersFor(central, role, { organizationId: org }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, body: (await response.json()) as any };
}

let ivanova: string;
let slotIds: string[];

describe('schedule definitions', () => {
  it('a clinic administrator defines schedules; their slots are generated at once', async () => {
    const created = await call('clinic-admin', 'POST', '/scheduling/schedules', { definition: weekdayHours() });
    expect(created.status).toBe(201);
    const saved = SaveScheduleResponseSchema.parse(created.body);
    ivanova = saved.schedule.scheduleId;
    expect(saved.regeneration).toMatchObject({ created: 114, removed: 0, affected: [] });
    expect((await call('clinic-admin', 'POST', '/scheduling/schedules', { definition: weekdayHours({ practitionerId: 'doc-petrov', locationId: 'room-2' }) })).status).toBe(201);
    expect((await call('clinic-admin', 'GET', `/scheduling/schedules/${ivanova}`)).body).toMatchObject({ scheduleId: ivanova, version: 1, organizationId: ORG });
  });

  it('refuses other roles, other clinics and bad definitions, naming the field', async () => {
    expect((await call('registrar', 'POST', '/scheduling/schedules', { definition: weekdayHours() })).status).toBe(403);
    expect((await call('clinic-admin', 'GET', `/scheduling/schedules/${ivanova}`, undefined, OTHER_ORG)).status).toBe(404);
    const bad = await call('clinic-admin', 'PUT', `/scheduling/schedules/${ivanova}`, { definition: { ...weekdayHours(), hours: [{ weekday: 1, start: '12:00', end: '08:00' }] }, baseVersion: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.issue[0]).toMatchObject({ expression: ['definition.hours.0'] });
    const stale = await call('clinic-admin', 'PUT', `/scheduling/schedules/${ivanova}`, { definition: weekdayHours(), baseVersion: 7 });
    expect(stale.status).toBe(412);
  });
});

describe('the registrar', () => {
  it('sees a week of a specialty and finds the next free slots', async () => {
    const week = await call('registrar', 'GET', '/scheduling/view?from=2030-03-04&days=7&specialty=therapist');
    const view = ScheduleViewSchema.parse(week.body);
    expect(view.schedules.map((s) => s.practitionerId).sort()).toEqual(['doc-ivanova', 'doc-petrov']);
    expect(view.schedules[0]!.days.map((d) => d.slots.length)).toEqual([13, 11, 11, 11, 11, 0, 0]);
    const free = FreeSlotsResponseSchema.parse((await call('registrar', 'GET', '/scheduling/free-slots?practitionerId=doc-ivanova&limit=3')).body);
    slotIds = free.slots.map((s) => s.slotId);
    expect(free.slots.map((s) => s.start)).toEqual(['2030-03-04T05:00:00.000Z', '2030-03-04T05:20:00.000Z', '2030-03-04T05:40:00.000Z']);
  });

  it('books, is refused a taken slot with alternatives and a phone, moves, marks and cancels', async () => {
    const booked = await call('registrar', 'POST', '/scheduling/appointments', { slotId: slotIds[0], patientId: 'p-1' });
    expect(booked.status).toBe(201);
    const { appointment } = AppointmentResponseSchema.parse(booked.body);
    expect(appointment).toMatchObject({ status: 'booked', patientId: 'p-1', practitionerId: 'doc-ivanova', visitType: 'follow-up' });

    const taken = await call('registrar', 'POST', '/scheduling/appointments', { slotId: slotIds[0], patientId: 'p-2' });
    expect(taken.status).toBe(409);
    const refusal = readBookingRefusal(taken.body);
    expect(refusal).toMatchObject({ code: 'slot-taken', patient: { patientId: 'p-2', phone: '+375291000002' } });
    expect(refusal!.alternatives[0]!.slotId).toBe(slotIds[1]);

    const moved = await call('registrar', 'POST', `/scheduling/appointments/${appointment.appointmentId}/reschedule`, { slotId: slotIds[2] });
    expect(moved.body.appointment).toMatchObject({ slotId: slotIds[2], status: 'booked' });
    expect((await call('registrar', 'POST', `/scheduling/appointments/${appointment.appointmentId}/mark`, { status: 'arrived' })).body.appointment.status).toBe('arrived');
    expect((await call('registrar', 'POST', `/scheduling/appointments/${appointment.appointmentId}/cancel`, {})).status).toBe(400);
    const cancelled = await call('registrar', 'POST', `/scheduling/appointments/${appointment.appointmentId}/cancel`, { reason: 'Ушёл не дождавшись' });
    expect(cancelled.body.appointment).toMatchObject({ status: 'cancelled', cancelReason: 'Ушёл не дождавшись', cancelledBy: 'clinic' });
    expect((await call('doctor', 'POST', '/scheduling/appointments', { slotId: slotIds[0], patientId: 'nobody' })).status).toBe(422);
    expect((await call('privacy-officer', 'POST', '/scheduling/appointments', { slotId: slotIds[0], patientId: 'p-2' })).status).toBe(403);
  });

  it('keeps the walk-in queue in order of arrival', async () => {
    const first = await call('registrar', 'POST', '/scheduling/walk-ins', { patientId: 'p-3', practitionerId: 'doc-ivanova' });
    const second = await call('registrar', 'POST', '/scheduling/walk-ins', { patientId: 'p-4', note: 'Справка' });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect([first.body.entry.position, second.body.entry.position]).toEqual([1, 2]);
    await call('registrar', 'POST', `/scheduling/walk-ins/${first.body.entry.appointmentId}/call`);
    await call('registrar', 'POST', `/scheduling/walk-ins/${first.body.entry.appointmentId}/done`);
    await call('registrar', 'POST', `/scheduling/walk-ins/${second.body.entry.appointmentId}/left`);
    const waiting = WalkInQueueSchema.parse((await call('registrar', 'GET', '/scheduling/walk-ins')).body);
    expect(waiting).toEqual({ date: '2030-03-04', entries: [] });
    const all = WalkInQueueSchema.parse((await call('registrar', 'GET', '/scheduling/walk-ins?all=true')).body);
    expect(all.entries.map((e) => [e.position, e.patient.patientId, e.status, e.note])).toEqual([[1, 'p-3', 'fulfilled', null], [2, 'p-4', 'cancelled', 'Справка']]);
  });

  it('lists who is due for a preventive examination and books them from the list', async () => {
    const due = PreventiveDueListSchema.parse((await call('registrar', 'GET', '/scheduling/preventive/due?limit=100')).body);
    expect(due.total).toBe(12);
    expect(due.entries.map((e) => e.patient.patientId)).not.toContain('p-50');
    expect(due.entries[0]).toMatchObject({ age: 50, reason: 'never-examined', dueDate: '1998-02-03', lastExamDate: null, booked: null });
    const preventive = FreeSlotsResponseSchema.parse((await call('registrar', 'GET', '/scheduling/free-slots?visitType=preventive&practitionerId=doc-ivanova&limit=5')).body).slots;
    const followUp = slotIds[1];
    expect((await call('registrar', 'POST', '/scheduling/preventive/appointments', { patientId: 'p-5', slotId: followUp })).body.issue[0].details.coding[0].code).toBe('visit-type-mismatch');
    const notDue = await call('registrar', 'POST', '/scheduling/preventive/appointments', { patientId: 'p-50', slotId: preventive[0]!.slotId });
    expect([notDue.status, readBookingRefusal(notDue.body)?.code]).toEqual([409, 'not-due']);
    const booked = await call('registrar', 'POST', '/scheduling/preventive/appointments', { patientId: 'p-5', slotId: preventive[0]!.slotId });
    expect(booked.body.appointment).toMatchObject({ visitType: 'preventive', status: 'booked' });
    const again = await call('registrar', 'POST', '/scheduling/preventive/appointments', { patientId: 'p-5', slotId: preventive[1]!.slotId });
    expect(readBookingRefusal(again.body)?.code).toBe('already-booked');
    const unbooked = PreventiveDueListSchema.parse((await call('registrar', 'GET', '/scheduling/preventive/due?unbookedOnly=true')).body);
    expect(unbooked.entries.map((e) => e.patient.patientId)).not.toContain('p-5');
    expect(unbooked.total).toBe(11);
  });

  it('sees the rebook list when a doctor is away, and each read of patients is audited', async () => {
    await call('registrar', 'POST', '/scheduling/appointments', { slotId: slotIds[1], patientId: 'p-6' });
    const away = await call('clinic-admin', 'PUT', `/scheduling/schedules/${ivanova}`, { definition: weekdayHours({ absences: [{ from: '2030-03-04', to: '2030-03-04', reason: 'vacation' }] }), baseVersion: 1 });
    expect(away.body.regeneration.affected.map((a: { patient: { patientId: string } }) => a.patient.patientId).sort()).toEqual(['p-5', 'p-6']);
    const list = RebookListSchema.parse((await call('registrar', 'GET', '/scheduling/rebook')).body);
    expect(list.items.map((i) => [i.patient.patientId, i.reason])).toEqual([['p-6', 'vacation'], ['p-5', 'vacation']]);
    const { rows } = await central.ctx.db.query<{ n: number | string }>(`SELECT count(*) AS n FROM audit_event WHERE patient_id = 'p-6' AND agent_subject = 'test-registrar'`);
    expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(2);
  });

  it('stored only valid R4 for all of the above (bookings, walk-ins, moves, cancellations)', async () => {
    const { rows } = await central.ctx.db.query<{ content: unknown }>(`SELECT content FROM resource WHERE resource_type IN ('Schedule', 'Slot', 'Appointment') AND NOT deleted`);
    const types = new Set<string>();
    for (const row of rows) types.add(validateIncoming(contentOf(row.content)).resourceType);
    expect(types).toEqual(new Set(['Schedule', 'Slot', 'Appointment']));
  });
});

describe('a new schedule', () => {
  // Roles as the demo and the national directory write them: a role code, a title, a SNOMED specialty, a room.
  const role = (id: string, practitionerId: string, org: string, code: string, title: string, specialty?: [string, string], room?: string) => ({
    resourceType: 'PractitionerRole' as const,
    id,
    active: true,
    practitioner: { reference: `Practitioner/${practitionerId}` },
    organization: { reference: `Organization/${org}` },
    code: [{ coding: [{ system: SYSTEMS.role, code }], text: title }],
    ...(specialty ? { specialty: [{ coding: [{ system: 'http://snomed.info/sct', code: specialty[0] }], text: specialty[1] }] } : {}),
    ...(room ? { location: [{ reference: `Location/${room}` }] } : {}),
  });
  const GP: [string, string] = ['394814009', 'Терапия'];

  beforeAll(async () => {
    const resources = [
      { resourceType: 'Practitioner' as const, id: 'doc-new', name: [{ family: 'Новикова', given: ['Нина'] }] },
      { resourceType: 'Practitioner' as const, id: 'doc-other', name: [{ family: 'Чужой', given: ['Олег'] }] },
      { resourceType: 'Practitioner' as const, id: 'desk-person', name: [{ family: 'Регистратор', given: ['Вера'] }] },
      role('role-ivanova', 'doc-ivanova', ORG, 'doctor', 'Врач-терапевт участковый', GP, 'room-1'),
      role('role-new', 'doc-new', ORG, 'doctor', 'Врач-терапевт участковый', GP, 'room-2'),
      role('role-surgeon', 'doc-surgeon', ORG, 'doctor', 'Врач-хирург', ['394609007', 'Хирургия'], 'room-3'),
      role('role-desk', 'desk-person', ORG, 'registrar', 'Медицинский регистратор'),
      role('role-other', 'doc-other', OTHER_ORG, 'doctor', 'Врач-терапевт', GP, 'room-other'),
    ];
    await central.ctx.db.transaction((tx) => writeResources(tx, resources.map((resource) => ({ kind: 'update' as const, resource })), MONDAY_8AM));
  });

  it('offers a clinic administrator only their own clinic’s doctors and places, by name, with the specialty to file under', async () => {
    expect((await call('registrar', 'GET', '/scheduling/schedule-choices')).status).toBe(403);
    expect((await call('doctor', 'GET', '/scheduling/schedule-choices')).status).toBe(403);
    const choices = ScheduleChoicesSchema.parse((await call('clinic-admin', 'GET', '/scheduling/schedule-choices')).body);
    expect(choices.doctors.map((d) => [d.name, d.practitionerRoleId, d.specialty?.code, d.locationId, d.schedules])).toEqual([
      ['Иванова Анна', 'role-ivanova', 'therapist', 'room-1', 1],
      // A therapist without a schedule yet is filed with the clinic's other therapists, not under the role's SNOMED code.
      ['Новикова Нина', 'role-new', 'therapist', 'room-2', 0],
      // Scheduled here with no role of the clinic on record: still offered.
      ['Петров Пётр', null, 'therapist', null, 1],
      ['Сидоров Сергей', 'role-surgeon', '394609007', 'room-3', 0],
    ]);
    expect(choices.doctors.find((d) => d.practitionerId === 'doc-surgeon')).toMatchObject({ role: 'Врач-хирург', specialty: { display: 'Хирургия' } });
    expect(choices.locations.map((l) => l.locationId)).toEqual(['room-1', 'room-2', 'room-3']);
    expect(choices.specialties.map((s) => s.code).sort()).toEqual(['394609007', 'therapist']);

    // The other clinic's administrator sees theirs alone, whatever the request says.
    const other = ScheduleChoicesSchema.parse((await call('clinic-admin', 'GET', `/scheduling/schedule-choices?organizationId=${ORG}`, undefined, OTHER_ORG)).body);
    expect(other.doctors.map((d) => d.practitionerId)).toEqual(['doc-other']);
    expect(other.locations.map((l) => l.locationId)).toEqual(['room-other']);
  });

  it('creates the schedule with the picked doctor and place; its slots are generated and the registrar sees it', async () => {
    const definition = weekdayHours({ practitionerId: 'doc-new', practitionerRoleId: 'role-new', locationId: 'room-2', specialty: { code: 'therapist', display: 'Терапевт' }, breaks: [], hours: [{ weekday: 2, start: '09:00', end: '11:00' }] });
    const created = await call('clinic-admin', 'POST', '/scheduling/schedules', { definition });
    expect(created.status).toBe(201);
    const saved = SaveScheduleResponseSchema.parse(created.body);
    expect(saved.schedule).toMatchObject({ version: 1, organizationId: ORG, definition: { practitionerId: 'doc-new', locationId: 'room-2', display: 'Новикова Нина, Терапевт' } });
    // Tuesdays 09:00-11:00 in 20 minutes, for the two weeks ahead.
    expect(saved.regeneration).toMatchObject({ created: 12, removed: 0, affected: [] });
    const { rows } = await central.ctx.db.query<{ content: unknown }>(`SELECT content FROM resource WHERE resource_type = 'Schedule' AND id = $1`, [saved.schedule.scheduleId]);
    expect(validateIncoming(contentOf(rows[0]!.content)).resourceType).toBe('Schedule');

    const week = ScheduleViewSchema.parse((await call('registrar', 'GET', '/scheduling/view?from=2030-03-04&days=7&specialty=therapist')).body);
    const created_ = week.schedules.find((s) => s.scheduleId === saved.schedule.scheduleId)!;
    expect(created_.days.map((d) => d.slots.length)).toEqual([0, 6, 0, 0, 0, 0, 0]);
    expect((await call('clinic-admin', 'GET', '/scheduling/schedule-choices')).body.doctors.find((d: { practitionerId: string }) => d.practitionerId === 'doc-new').schedules).toBe(1);
  });

  it('refuses a role or a place of another clinic, or another doctor’s role, naming the field; nothing is created', async () => {
    const before = (await call('clinic-admin', 'GET', '/scheduling/schedules')).body.schedules.length;
    const attempts: [Record<string, unknown>, string][] = [
      [{ practitionerId: 'doc-other', practitionerRoleId: 'role-other' }, 'definition.practitionerRoleId'],
      [{ practitionerId: 'doc-surgeon', practitionerRoleId: 'role-new' }, 'definition.practitionerRoleId'],
      [{ practitionerId: 'doc-surgeon', practitionerRoleId: 'role-surgeon', locationId: 'room-other' }, 'definition.locationId'],
      [{ practitionerId: 'doc-surgeon', hours: [{ weekday: 3, start: '09:00', end: '25:00' }] }, 'definition.hours.0.end'],
    ];
    for (const [overrides, field] of attempts) {
      const refused = await call('clinic-admin', 'POST', '/scheduling/schedules', { definition: weekdayHours(overrides) });
      expect([400, 422]).toContain(refused.status);
      expect(refused.body.issue[0].expression).toEqual([field]);
    }
    expect((await call('clinic-admin', 'GET', '/scheduling/schedules')).body.schedules.length).toBe(before);
  });
});
