import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CabinetAppointmentsSchema, CabinetFreeSlotsSchema, CabinetPreventiveSchema, ScheduleChangesSchema } from '../../shared/api/schedule-cabinet.js';
import { SYSTEMS } from '../../shared/fhir/systems.js';
import { readBookingRefusal } from '../../shared/fhir/booking-refusal.js';
import { headersFor } from '../../test/support/auth.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { createPatientAccount } from '../auth/patients.js';
import { readChanges } from '../fhir/changes.js';
import { defineSchedule, MONDAY_8AM, ORG, OTHER_ORG, seedClinic, weekdayHours } from '../scheduling/testing.js';
import { readOne } from '../scheduling/store.js';

let central: TestCentral;
let scheduleId: string;
const tokens = new Map<string, string>();

async function loginAs(patientId: string): Promise<string> {
  const patient = (await readOne<Patient>(central.ctx.db, 'Patient', patientId))!;
  const personalNumber = patient.identifier!.find((i) => i.system === SYSTEMS.personalNumber)!.value!;
  await createPatientAccount(central.ctx.db, { patientId, personalNumber, password: 'correct horse battery' });
  const response = await fetch(`${central.url}/auth/patient-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personalNumber, password: 'correct horse battery' }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function cabinet(patientId: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${central.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${tokens.get(patientId)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, body: (await response.json()) as any };
}

beforeAll(async () => {
  central = await startTestCentral();
  central.ctx.now = () => MONDAY_8AM;
  await seedClinic(central.ctx.db, 6);
  scheduleId = (await defineSchedule(central.ctx.db, weekdayHours())).schedule.scheduleId;
  await defineSchedule(central.ctx.db, weekdayHours({ practitionerId: 'doc-petrov', locationId: 'room-other' }), { org: OTHER_ORG });
  for (const id of ['p-1', 'p-2', 'p-3']) tokens.set(id, await loginAs(id));
});

afterAll(async () => {
  await central?.close();
});

/**
 * What the change feed shows after `cursor`. The feed holds back while any older transaction on the
 * server is still running (other test files share a PostgreSQL server), so it is read until it
 * shows something.
 */
async function changedSince(cursor: string): Promise<string[]> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const page = await readChanges(central.ctx.db, cursor, 1000, { withoutResources: true });
    if (page.changes.length > 0) return page.changes.map((c) => `${c.resourceType}/${c.id}`).sort();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return [];
}

const freeSlots = async (patientId: string, query = '') => CabinetFreeSlotsSchema.parse((await cabinet(patientId, 'GET', `/cabinet/free-slots?limit=50${query}`)).body);

describe('the patient cabinet', () => {
  it('offers free slots of the patient own clinic and books one; the booking is in the change feed', async () => {
    const free = await freeSlots('p-1');
    expect(free.bookingsLeftToday).toBe(3);
    expect(new Set(free.slots.map((s) => s.scheduleId))).toEqual(new Set([scheduleId]));
    const before = await readChanges(central.ctx.db, undefined, 1000, { withoutResources: true });
    const booked = await cabinet('p-1', 'POST', '/cabinet/appointments', { slotId: free.slots[0]!.slotId });
    expect(booked.status).toBe(201);
    expect(booked.body.appointment).toMatchObject({ status: 'booked', practitionerName: 'Иванова Анна', locationName: 'room-1', start: '2030-03-04T05:00:00.000Z' });
    expect(await changedSince(before.nextCursor)).toEqual([`Appointment/${booked.body.appointment.appointmentId}`, `Slot/${free.slots[0]!.slotId}`]);
    const mine = CabinetAppointmentsSchema.parse((await cabinet('p-1', 'GET', '/cabinet/appointments')).body);
    expect(mine.appointments.map((a) => a.appointmentId)).toEqual([booked.body.appointment.appointmentId]);
    expect(CabinetAppointmentsSchema.parse((await cabinet('p-2', 'GET', '/cabinet/appointments')).body).appointments).toEqual([]);
  });

  it('holds each patient to a daily limit, even under concurrent requests', async () => {
    const free = (await freeSlots('p-2', '&visitType=follow-up')).slots;
    const attempts = await Promise.all(free.slice(5, 11).map((slot) => cabinet('p-2', 'POST', '/cabinet/appointments', { slotId: slot.slotId })));
    expect(attempts.map((a) => a.status).sort()).toEqual([201, 201, 201, 429, 429, 429]);
    expect(readBookingRefusal(attempts.find((a) => a.status === 429)!.body)?.code).toBe('daily-limit');
    expect((await freeSlots('p-2')).bookingsLeftToday).toBe(0);
    // Cancelling does not give a booking back: the limit counts what was booked today.
    const booked = attempts.find((a) => a.status === 201)!.body.appointment.appointmentId;
    expect((await cabinet('p-2', 'POST', `/cabinet/appointments/${booked}/cancel`, { reason: 'Передумал' })).body.appointment).toMatchObject({ status: 'cancelled', cancelledBy: 'patient' });
    expect((await freeSlots('p-2')).bookingsLeftToday).toBe(0);
  });

  it('answers a resent booking (the first answer lost on the way) with the same appointment, counted once', async () => {
    const slot = (await freeSlots('p-3', '&visitType=follow-up')).slots[12]!;
    const request = { slotId: slot.slotId, appointmentId: 'cabinet-resent-1' };
    const twins = await Promise.all([1, 2, 3].map(() => cabinet('p-3', 'POST', '/cabinet/appointments', request)));
    const later = await cabinet('p-3', 'POST', '/cabinet/appointments', request);
    for (const answer of [...twins, later]) expect(answer.body.appointment).toMatchObject({ appointmentId: 'cabinet-resent-1', status: 'booked' });
    expect((await freeSlots('p-3')).bookingsLeftToday).toBe(2);
    const mine = CabinetAppointmentsSchema.parse((await cabinet('p-3', 'GET', '/cabinet/appointments')).body).appointments;
    expect(mine.filter((a) => a.status === 'booked').map((a) => a.appointmentId)).toEqual(['cabinet-resent-1']);
    // Another patient naming the same appointment id gets no booking of theirs out of it.
    expect((await cabinet('p-1', 'POST', '/cabinet/appointments', request)).status).toBeGreaterThanOrEqual(400);
  });

  it('touches the patient own record only', async () => {
    const own = CabinetAppointmentsSchema.parse((await cabinet('p-1', 'GET', '/cabinet/appointments')).body).appointments[0]!;
    expect((await cabinet('p-2', 'POST', `/cabinet/appointments/${own.appointmentId}/cancel`, {})).status).toBe(404);
    const elsewhere = await central.ctx.db.query<{ slot_id: string }>(`SELECT s.slot_id FROM schedule_slot s JOIN schedule_definition d USING (schedule_id) WHERE d.organization_id = $1 LIMIT 1`, [OTHER_ORG]);
    expect((await cabinet('p-3', 'POST', '/cabinet/appointments', { slotId: elsewhere.rows[0]!.slot_id })).status).toBe(403);
    const staff = await fetch(`${central.url}/cabinet/appointments`, { headers: headersFor(central, 'registrar', { organizationId: ORG }) });
    expect(staff.status).toBe(403);
    expect((await cabinet('p-1', 'GET', '/scheduling/free-slots')).status).toBe(403);
  });

  it('shows the patient what the clinic changed: a cancellation and a doctor away', async () => {
    const [first, second] = (await freeSlots('p-3', '&visitType=follow-up')).slots.filter((s) => s.start.startsWith('2030-03-05'));
    const a = (await cabinet('p-3', 'POST', '/cabinet/appointments', { slotId: first!.slotId })).body.appointment;
    const b = (await cabinet('p-3', 'POST', '/cabinet/appointments', { slotId: second!.slotId })).body.appointment;
    await fetch(`${central.url}/scheduling/appointments/${a.appointmentId}/cancel`, {
      method: 'POST',
      headers: { ...headersFor(central, 'registrar', { organizationId: ORG }), 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'Врач на курсах' }),
    });
    await defineSchedule(central.ctx.db, weekdayHours({ absences: [{ from: '2030-03-05', to: '2030-03-05', reason: 'sick-leave' }] }), { scheduleId, baseVersion: 1 });
    const changes = ScheduleChangesSchema.parse((await cabinet('p-3', 'GET', '/cabinet/schedule-changes')).body).changes;
    expect(changes.map((c) => [c.appointmentId, c.kind, c.reason ?? c.rebookReason])).toEqual(
      expect.arrayContaining([[a.appointmentId, 'cancelled-by-clinic', 'Врач на курсах'], [b.appointmentId, 'rebook-needed', 'sick-leave']]),
    );
    const mine = CabinetAppointmentsSchema.parse((await cabinet('p-3', 'GET', '/cabinet/appointments')).body).appointments;
    expect(mine.find((m) => m.appointmentId === b.appointmentId)).toMatchObject({ status: 'booked', rebookReason: 'sick-leave' });
    expect(mine.find((m) => m.appointmentId === a.appointmentId)).toMatchObject({ status: 'cancelled', cancelledBy: 'clinic' });
    expect(ScheduleChangesSchema.parse((await cabinet('p-1', 'GET', '/cabinet/schedule-changes')).body).changes).toEqual([]);
  });

  it('books a preventive examination when due, once', async () => {
    const status = CabinetPreventiveSchema.parse((await cabinet('p-1', 'GET', '/cabinet/preventive')).body);
    expect(status).toEqual({ due: true, dueDate: '1998-02-03', lastExamDate: null, booked: null });
    const slots = (await freeSlots('p-1', '&visitType=preventive')).slots;
    const booked = await cabinet('p-1', 'POST', '/cabinet/appointments', { slotId: slots[0]!.slotId });
    expect(booked.body.appointment).toMatchObject({ visitType: 'preventive', status: 'booked' });
    expect(CabinetPreventiveSchema.parse((await cabinet('p-1', 'GET', '/cabinet/preventive')).body).booked).toMatchObject({ appointmentId: booked.body.appointment.appointmentId });
    const twice = await cabinet('p-1', 'POST', '/cabinet/appointments', { slotId: slots[1]!.slotId });
    expect([twice.status, readBookingRefusal(twice.body)?.code]).toEqual([409, 'already-booked']);
  });
});
