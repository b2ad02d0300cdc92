import type { Appointment, Location, Organization, Patient, Practitioner } from '@medplum/fhirtypes';
import { ScheduleDefinitionInputSchema, type ScheduleDefinitionInput } from '../../shared/api/schedule.js';
import { makePersonalNumber } from '../../shared/domain/personal-number.js';
import { SYSTEMS } from '../../shared/fhir/systems.js';
import type { Database } from '../db/database.js';
import { writeResources } from '../fhir/write.js';
import { saveSchedule, type SavedSchedule } from './schedules.js';
import type { Stored } from './store.js';

/**
 * Fixtures for scheduling's integration tests: one clinic with three doctors (two therapists, a
 * surgeon), a room each, and patients with phones. Times are fixed: Monday 4 March 2030, 08:00 in
 * Minsk, so slots and ages never depend on the day the tests run.
 */
export const MONDAY_8AM = new Date('2030-03-04T05:00:00.000Z');
export const ORG = 'clinic-1';
export const OTHER_ORG = 'clinic-2';

const practitioner = (id: string, family: string, given: string): Stored<Practitioner> => ({ resourceType: 'Practitioner', id, name: [{ family, given: [given] }] });
const room = (id: string, org: string): Stored<Location> => ({ resourceType: 'Location', id, name: id, managingOrganization: { reference: `Organization/${org}` } });

export function testPatient(index: number, birthDate = '1980-02-03', org = ORG): Stored<Patient> {
  return {
    resourceType: 'Patient',
    id: `p-${index}`,
    identifier: [{ system: SYSTEMS.personalNumber, value: makePersonalNumber(birthDate, 'male', 'H', index) }],
    name: [{ use: 'official', family: 'Жук', given: [`Алесь${index}`] }],
    telecom: [{ system: 'phone', value: `+37529${String(1_000_000 + index).padStart(7, '0')}`, use: 'mobile' }],
    birthDate,
    managingOrganization: { reference: `Organization/${org}` },
  };
}

export async function seedClinic(db: Database, patients = 20, now = MONDAY_8AM): Promise<void> {
  const resources = [
    { resourceType: 'Organization', id: ORG, name: 'Поликлиника №1' } as Stored<Organization>,
    { resourceType: 'Organization', id: OTHER_ORG, name: 'Поликлиника №2' } as Stored<Organization>,
    practitioner('doc-ivanova', 'Иванова', 'Анна'),
    practitioner('doc-petrov', 'Петров', 'Пётр'),
    practitioner('doc-surgeon', 'Сидоров', 'Сергей'),
    room('room-1', ORG),
    room('room-2', ORG),
    room('room-3', ORG),
    room('room-other', OTHER_ORG),
    ...Array.from({ length: patients }, (_, i) => testPatient(i + 1)),
  ];
  await db.transaction((tx) => writeResources(tx, resources.map((resource) => ({ kind: 'update' as const, resource })), now));
}

/** Weekdays 08:00-12:00 follow-ups of 20 minutes with a break 10:00-10:20; Mondays 12:00-13:00 preventive. */
export function weekdayHours(overrides: Partial<ScheduleDefinitionInput> = {}): ScheduleDefinitionInput {
  return {
    practitionerId: 'doc-ivanova',
    locationId: 'room-1',
    specialty: { code: 'therapist', display: 'Терапевт' },
    slotMinutes: { 'follow-up': 20, preventive: 30, 'first-visit': 30 },
    hours: [1, 2, 3, 4, 5].flatMap((weekday) => [{ weekday, start: '08:00', end: '12:00' }, ...(weekday === 1 ? [{ weekday, start: '12:00', end: '13:00', visitType: 'preventive' as const }] : [])]),
    breaks: [{ start: '10:00', end: '10:20' }],
    horizonWeeks: 2,
    ...overrides,
  };
}

export async function defineSchedule(db: Database, input: ScheduleDefinitionInput, options: { scheduleId?: string; baseVersion?: number; now?: Date; org?: string } = {}): Promise<SavedSchedule> {
  const fields = ScheduleDefinitionInputSchema.parse(input);
  return db.transaction((tx) => saveSchedule(tx, { organizationId: options.org ?? ORG, scheduleId: options.scheduleId, fields, baseVersion: options.baseVersion, by: 'test-admin', now: options.now ?? MONDAY_8AM }));
}

/**
 * A workstation's Appointment for a booking, the way the `book` mutation carries it: booked with
 * the slot's times, or proposed when the times are not given (R4 lets only a proposed or cancelled
 * appointment go without them).
 */
export function appointmentFor(id: string, patientId: string, slotId: string, times?: { start: string; end: string }): Appointment & { id: string } {
  return {
    resourceType: 'Appointment',
    id,
    status: times ? 'booked' : 'proposed',
    ...times,
    slot: [{ reference: `Slot/${slotId}` }],
    participant: [{ actor: { reference: `Patient/${patientId}` }, status: 'accepted' }],
  };
}

/** Slots of a schedule in start order, from the scheduling tables. */
export async function slotsOf(db: Database, scheduleId: string): Promise<{ slotId: string; start: string; end: string; visitType: string; planned: boolean }[]> {
  const { rows } = await db.query<{ slot_id: string; start_at: Date | string; end_at: Date | string; visit_type: string; planned: boolean }>(
    `SELECT slot_id, start_at, end_at, visit_type, planned FROM schedule_slot WHERE schedule_id = $1 ORDER BY start_at`,
    [scheduleId],
  );
  return rows.map((r) => ({ slotId: r.slot_id, start: new Date(r.start_at).toISOString(), end: new Date(r.end_at).toISOString(), visitType: r.visit_type, planned: r.planned }));
}

/** Slots holding more than one active appointment, counted from the FHIR Appointments themselves. */
export async function doubleBookedSlots(db: Database): Promise<{ slot: string; appointments: number }[]> {
  const { rows } = await db.query<{ slot: string; n: number | string }>(
    `SELECT content->'slot'->0->>'reference' AS slot, count(*) AS n FROM resource
     WHERE resource_type = 'Appointment' AND NOT deleted AND content->'slot'->0->>'reference' IS NOT NULL
       AND content->>'status' IN ('booked', 'arrived', 'checked-in', 'fulfilled', 'noshow')
     GROUP BY 1 HAVING count(*) > 1`,
  );
  return rows.map((r) => ({ slot: r.slot, appointments: Number(r.n) }));
}
