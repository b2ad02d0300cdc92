import type { Appointment, Slot } from '@medplum/fhirtypes';
import { canMoveTo, RESCHEDULABLE, type AppointmentMark } from '../../shared/domain/appointment-status.js';
import { slotIdOf } from '../../shared/fhir/appointment-summary.js';
import { conflict } from '../../shared/fhir/outcomes.js';
import type { Queryable } from '../db/database.js';
import { writeResources } from '../fhir/write.js';
import { lockedAppointment } from './booking.js';
import { claimSlot, releaseClaim, type BookingChannel } from './claims.js';
import { notifyPatient, resolveRebookItem } from './notices.js';
import { bookingRefused } from './refusals.js';
import { freedSlotWrites } from './slot-release.js';
import { lockedSlot, placedInSlot, refuseUnbookable, requirePatient } from './slot-checks.js';
import { readMany, type Stored } from './store.js';

export interface RescheduleInput {
  appointmentId: string;
  slotId: string;
  now: Date;
  by: 'clinic' | 'patient';
  channel: BookingChannel;
  bookedBy: string;
  reason?: string | undefined;
  futureOnly?: boolean | undefined;
}

/**
 * Moves a booked appointment to another slot, keeping its id: the old slot is released and the new
 * one claimed in one transaction, so if the new slot is taken nothing changes and the refusal
 * offers alternatives (never the slot the appointment already holds).
 */
export async function rescheduleAppointment(tx: Queryable, input: RescheduleInput): Promise<{ appointment: Stored<Appointment>; slot: Stored<Slot> }> {
  const appointment = await lockedAppointment(tx, input.appointmentId);
  if (!RESCHEDULABLE.includes(appointment.status)) throw conflict(`A ${appointment.status} appointment cannot be moved`, 'Appointment.status');
  const oldSlotId = slotIdOf(appointment);
  if (oldSlotId === input.slotId) return { appointment, slot: (await lockedSlot(tx, input.slotId)).slot };
  const patientId = requirePatient(appointment);
  const excludeSlotIds = oldSlotId ? [oldSlotId] : [];

  const released = await releaseClaim(tx, appointment.id, 'rescheduled', input.now);
  const claimed = await claimSlot(tx, { slotId: input.slotId, appointmentId: appointment.id, patientId, channel: input.channel, bookedBy: input.bookedBy }, input.now);
  if (!claimed) throw await bookingRefused(tx, { code: 'slot-taken', message: `Slot/${input.slotId} is already booked`, slotId: input.slotId, patientId, now: input.now, excludeSlotIds });
  // Both slots are locked in id order, as every other writer locks them.
  await readMany<Slot>(tx, 'Slot', [oldSlotId, input.slotId].filter((id): id is string => Boolean(id)), true);
  const { slot, planned } = await lockedSlot(tx, input.slotId);
  await refuseUnbookable(tx, { slot, planned, appointment, patientId, now: input.now, futureOnly: input.futureOnly ?? false, excludeSlotIds });

  const moved = { ...(await placedInSlot(tx, appointment, slot)), id: appointment.id, status: 'booked' } satisfies Stored<Appointment>;
  const freed = await freedSlotWrites(tx, released, oldSlotId);
  const [written, newSlot] = await writeResources(tx, [{ kind: 'update', resource: moved }, { kind: 'update', resource: { ...slot, status: 'busy' } }, ...freed], input.now);
  await resolveRebookItem(tx, appointment.id, 'rescheduled', input.now);
  if (input.by === 'clinic') {
    await notifyPatient(tx, { patientId, appointmentId: appointment.id, kind: 'rescheduled-by-clinic', reason: input.reason, previousStart: appointment.start, start: slot.start }, input.now);
  }
  return { appointment: written!.resource as Stored<Appointment>, slot: newSlot!.resource as Stored<Slot> };
}

/** Arrived, checked in, seen, or did not come: the day's marks on an appointment. */
export async function markAppointment(tx: Queryable, input: { appointmentId: string; status: AppointmentMark; now: Date }): Promise<Stored<Appointment>> {
  const appointment = await lockedAppointment(tx, input.appointmentId);
  if (appointment.status === input.status) return appointment;
  if (!canMoveTo(appointment.status, input.status)) throw conflict(`A ${appointment.status} appointment cannot become ${input.status}`, 'Appointment.status');
  if (input.status === 'noshow' && appointment.start && new Date(appointment.start) > input.now) {
    throw conflict('A patient cannot be marked absent before the appointment time', 'Appointment.status');
  }
  const [written] = await writeResources(tx, [{ kind: 'update', resource: { ...appointment, status: input.status } }], input.now);
  return written!.resource as Stored<Appointment>;
}
