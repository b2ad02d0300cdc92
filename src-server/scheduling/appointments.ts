import { randomUUID } from 'node:crypto';
import type { Appointment, Patient } from '@medplum/fhirtypes';
import { preventiveExamDue } from '../../shared/domain/preventive.js';
import { localDateOf } from '../../shared/domain/zoned-time.js';
import { DEFAULT_TIME_ZONE } from '../../shared/fhir/schedule-view.js';
import { unprocessable } from '../../shared/fhir/outcomes.js';
import type { Queryable } from '../db/database.js';
import { bookSlot, type Booked } from './booking.js';
import type { BookingChannel } from './claims.js';
import { lastPreventiveExams, upcomingPreventive } from './preventive.js';
import { bookingRefused } from './refusals.js';
import { visitTypeConcept } from './schedule-resources.js';
import { readOne } from './store.js';

/**
 * Booking a patient into a slot on a person's request (a registrar at Central, the patient in the
 * cabinet): the Appointment is assembled here, then booked like any other. A preventive
 * examination slot is only for a patient due for one by the slot's date and not booked already.
 */
export interface BookForPatient {
  patientId: string;
  slotId: string;
  appointmentId?: string | undefined;
  comment?: string | undefined;
  channel: BookingChannel;
  bookedBy: string;
  now: Date;
  futureOnly: boolean;
  /** Booking from the preventive examination list: only a preventive examination slot will do. */
  preventiveOnly?: boolean | undefined;
}

export async function bookForPatient(tx: Queryable, input: BookForPatient): Promise<Booked> {
  const { rows } = await tx.query<{ visit_type: string; start_at: Date | string }>(`SELECT visit_type, start_at FROM schedule_slot WHERE slot_id = $1`, [input.slotId]);
  const slot = rows[0];
  if (input.preventiveOnly && slot?.visit_type !== 'preventive') {
    throw await bookingRefused(tx, { code: 'visit-type-mismatch', message: `Slot/${input.slotId} is not a preventive examination slot`, slotId: input.slotId, patientId: input.patientId, now: input.now });
  }
  if (slot?.visit_type === 'preventive') {
    const patient = await readOne<Patient>(tx, 'Patient', input.patientId);
    if (!patient) throw unprocessable(`Patient/${input.patientId} does not exist`, 'patientId');
    await refuseUnduePreventive(tx, patient, input.slotId, new Date(slot.start_at), input.now);
  }
  const appointment: Appointment & { id: string } = {
    resourceType: 'Appointment',
    id: input.appointmentId ?? randomUUID(),
    status: 'proposed',
    ...(slot?.visit_type === 'preventive' ? { serviceType: [visitTypeConcept('preventive')] } : {}),
    slot: [{ reference: `Slot/${input.slotId}` }],
    participant: [{ actor: { reference: `Patient/${input.patientId}` }, status: 'accepted' }],
    ...(input.comment ? { comment: input.comment } : {}),
  };
  return bookSlot(tx, { slotId: input.slotId, appointment, now: input.now, channel: input.channel, bookedBy: input.bookedBy, futureOnly: input.futureOnly });
}

async function refuseUnduePreventive(tx: Queryable, patient: Patient & { id: string }, slotId: string, start: Date, now: Date): Promise<void> {
  if (!patient.birthDate) throw unprocessable('A preventive examination needs the patient\'s date of birth', 'Patient.birthDate');
  const last = (await lastPreventiveExams(tx, [patient.id])).get(patient.id);
  const status = preventiveExamDue(patient.birthDate, last, localDateOf(start, DEFAULT_TIME_ZONE));
  const facts = { slotId, patientId: patient.id, now };
  if (!status.due) {
    throw await bookingRefused(tx, { ...facts, code: 'not-due', message: `The next preventive examination is due from ${status.dueDate}` });
  }
  const booked = (await upcomingPreventive(tx, [patient.id], now)).get(patient.id);
  if (booked) throw await bookingRefused(tx, { ...facts, code: 'already-booked', message: `A preventive examination is already booked for ${booked.start}` });
}
