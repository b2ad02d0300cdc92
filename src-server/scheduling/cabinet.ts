import type { Appointment, Location, Patient, Practitioner } from '@medplum/fhirtypes';
import type { z } from 'zod';
import type { CabinetAppointment, CabinetPreventiveSchema } from '../../shared/api/schedule-cabinet.js';
import { preventiveExamDue } from '../../shared/domain/preventive.js';
import type { FreeSlot } from '../../shared/api/schedule-views.js';
import { CABINET_DAILY_BOOKING_LIMIT } from '../../shared/domain/visit-types.js';
import { localDateOf } from '../../shared/domain/zoned-time.js';
import { appointmentSummary, formatHumanName, participantId } from '../../shared/fhir/appointment-summary.js';
import { bookingRefusalOutcome } from '../../shared/fhir/booking-refusal.js';
import { DEFAULT_TIME_ZONE } from '../../shared/fhir/schedule-view.js';
import { conflict, forbidden, notFound, OperationOutcomeError, unprocessable } from '../../shared/fhir/outcomes.js';
import type { Queryable } from '../db/database.js';
import { bookForPatient } from './appointments.js';
import { cancelAppointment, lockedAppointment } from './booking.js';
import { findFreeSlots } from './free-slots.js';
import { lastPreventiveExams, upcomingPreventive } from './preventive.js';
import { contentOf, readMany, readOne, type Stored } from './store.js';

/**
 * The patient's side of scheduling. Every function takes the patient id from the cabinet's token,
 * never from the request, so a patient sees and changes their own bookings only. Bookings made here
 * are ordinary FHIR writes: they reach the clinic's workstations through the change feed.
 */
export async function cabinetAppointments(q: Queryable, patientId: string): Promise<CabinetAppointment[]> {
  const { rows } = await q.query<{ content: unknown }>(
    `SELECT content FROM resource WHERE resource_type = 'Appointment' AND patient_id = $1 AND NOT deleted ORDER BY content->>'start' DESC NULLS LAST, id LIMIT 200`,
    [patientId],
  );
  return cabinetView(q, rows.map((r) => contentOf<Appointment>(r.content)));
}

/** Appointments as the patient sees them: with the doctor's name and the room. */
async function cabinetView(q: Queryable, appointments: Stored<Appointment>[]): Promise<CabinetAppointment[]> {
  const practitioners = await readMany<Practitioner>(q, 'Practitioner', appointments.map((a) => participantId(a, 'Practitioner') ?? ''));
  const locations = await readMany<Location>(q, 'Location', appointments.map((a) => participantId(a, 'Location') ?? ''));
  return appointments.map((appointment) => {
    const summary = appointmentSummary(appointment);
    const practitioner = summary.practitionerId ? practitioners.get(summary.practitionerId) : undefined;
    const location = summary.locationId ? locations.get(summary.locationId) : undefined;
    return { ...summary, practitionerName: practitioner ? formatHumanName(practitioner.name?.[0]) : null, locationName: location?.name ?? null };
  });
}

/** The organisations a patient may book at: the clinic they are attached to. */
export async function clinicsOf(q: Queryable, patientId: string): Promise<string[]> {
  const patient = await readOne<Patient>(q, 'Patient', patientId);
  if (!patient) throw notFound('Your record is not available');
  const references = [patient.managingOrganization, ...(patient.generalPractitioner ?? [])].map((r) => r?.reference ?? '');
  return [...new Set(references.flatMap((ref) => /^Organization\/(.+)$/.exec(ref)?.[1] ?? []))];
}

export async function cabinetFreeSlots(q: Queryable, patientId: string, filter: { visitType?: string | undefined; specialty?: string | undefined; practitionerId?: string | undefined; from?: string | undefined; limit: number }, now: Date): Promise<FreeSlot[]> {
  const from = filter.from && new Date(filter.from) > now ? new Date(filter.from) : now;
  return findFreeSlots(q, { organizationIds: await clinicsOf(q, patientId), visitType: filter.visitType, specialty: filter.specialty, practitionerId: filter.practitionerId, from, limit: filter.limit });
}

export async function bookingsLeftToday(q: Queryable, patientId: string, now: Date): Promise<number> {
  const { rows } = await q.query<{ bookings: number }>(`SELECT bookings FROM cabinet_booking_day WHERE patient_id = $1 AND day = $2`, [patientId, localDateOf(now, DEFAULT_TIME_ZONE)]);
  return Math.max(0, CABINET_DAILY_BOOKING_LIMIT - (rows[0]?.bookings ?? 0));
}

export async function cabinetBook(tx: Queryable, patientId: string, input: { slotId: string; appointmentId?: string | undefined; comment?: string | undefined }, now: Date): Promise<CabinetAppointment> {
  // The day's counter row is locked first: it holds the limit and serialises this patient's bookings,
  // so a resent request waits for its twin and then finds what the twin booked.
  const day = localDateOf(now, DEFAULT_TIME_ZONE);
  const { rows: counter } = await tx.query<{ bookings: number }>(
    `INSERT INTO cabinet_booking_day (patient_id, day, bookings) VALUES ($1, $2, 0)
     ON CONFLICT (patient_id, day) DO UPDATE SET bookings = cabinet_booking_day.bookings RETURNING bookings`,
    [patientId, day],
  );
  const already = input.appointmentId ? await alreadyBooked(tx, patientId, input.appointmentId, input.slotId) : undefined;
  // The answer to the first request was lost on the way: the same booking again, not a second one.
  if (already) return (await cabinetView(tx, [already]))[0]!;
  if (counter[0]!.bookings >= CABINET_DAILY_BOOKING_LIMIT) {
    const message = `At most ${CABINET_DAILY_BOOKING_LIMIT} bookings a day can be made in the cabinet; please call the clinic`;
    throw new OperationOutcomeError(429, bookingRefusalOutcome({ code: 'daily-limit', message, slotId: input.slotId, patient: null, alternatives: [] }));
  }
  const { rows } = await tx.query<{ organization_id: string }>(`SELECT d.organization_id FROM schedule_slot s JOIN schedule_definition d USING (schedule_id) WHERE s.slot_id = $1`, [input.slotId]);
  if (!rows[0]) throw notFound(`Slot/${input.slotId} is not open for booking in the cabinet`);
  if (!(await clinicsOf(tx, patientId)).includes(rows[0].organization_id)) throw forbidden('The cabinet books visits at your own clinic only');
  await tx.query(`UPDATE cabinet_booking_day SET bookings = bookings + 1 WHERE patient_id = $1 AND day = $2`, [patientId, day]);
  const { appointment } = await bookForPatient(tx, { patientId, ...input, channel: 'cabinet', bookedBy: `Patient/${patientId}`, now, futureOnly: true });
  return (await cabinetView(tx, [appointment]))[0]!;
}

/** This patient's appointment with this id in this slot, if an earlier copy of the request made it. */
async function alreadyBooked(q: Queryable, patientId: string, appointmentId: string, slotId: string): Promise<Stored<Appointment> | undefined> {
  const appointment = await readOne<Appointment>(q, 'Appointment', appointmentId);
  if (!appointment || participantId(appointment, 'Patient') !== patientId) return undefined;
  return appointment.slot?.some((slot) => slot.reference === `Slot/${slotId}`) ? appointment : undefined;
}

export async function cabinetCancel(tx: Queryable, patientId: string, appointmentId: string, reason: string | undefined, now: Date): Promise<CabinetAppointment> {
  const appointment = await lockedAppointment(tx, appointmentId).catch(() => undefined);
  // Someone else's appointment does not exist as far as this patient can tell.
  if (!appointment || participantId(appointment, 'Patient') !== patientId) throw notFound(`Appointment/${appointmentId} is not one of your appointments`);
  if (appointment.start && new Date(appointment.start) < now && appointment.status !== 'cancelled') throw conflict('A visit that has begun cannot be cancelled in the cabinet');
  const cancelled = await cancelAppointment(tx, { appointmentId, reason, now, by: 'patient' });
  return (await cabinetView(tx, [cancelled]))[0]!;
}

/** Whether the patient is due for a preventive examination, and the one booked if any. */
export async function cabinetPreventive(q: Queryable, patientId: string, now: Date): Promise<z.infer<typeof CabinetPreventiveSchema>> {
  const patient = await readOne<Patient>(q, 'Patient', patientId);
  if (!patient?.birthDate) throw unprocessable('Your record has no date of birth; the clinic can add it');
  const lastExamDate = (await lastPreventiveExams(q, [patientId])).get(patientId) ?? null;
  const status = preventiveExamDue(patient.birthDate, lastExamDate ?? undefined, localDateOf(now, DEFAULT_TIME_ZONE));
  const booked = (await upcomingPreventive(q, [patientId], now)).get(patientId) ?? null;
  return { due: status.due, dueDate: status.dueDate, lastExamDate, booked };
}
