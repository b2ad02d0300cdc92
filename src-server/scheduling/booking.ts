import type { Appointment, Slot } from '@medplum/fhirtypes';
import { canMoveTo } from '../../shared/domain/appointment-status.js';
import { participantId, slotIdOf } from '../../shared/fhir/appointment-summary.js';
import { CANCELLED_BY_CLINIC, CANCELLED_BY_PATIENT, SCHEDULING_EXTENSIONS, SCHEDULING_SYSTEMS } from '../../shared/fhir/scheduling.js';
import { badRequest, conflict, gone, notFound, unprocessable } from '../../shared/fhir/outcomes.js';
import type { Queryable } from '../db/database.js';
import { writeResources, type WriteOperation } from '../fhir/write.js';
import { claimSlot, releaseClaim, type BookingChannel } from './claims.js';
import { notifyPatient, resolveRebookItem } from './notices.js';
import { bookingRefused } from './refusals.js';
import { freedSlotWrites } from './slot-release.js';
import { lockedSlot, placedInSlot, refuseUnbookable, requirePatient } from './slot-checks.js';
import { readOne, type Stored } from './store.js';

/**
 * Booking and cancelling (INTERFACES item 6): called by sync's `book`/`cancel` mutations and by the
 * scheduling and cabinet routes, always inside the caller's transaction. A refusal throws an
 * OperationOutcomeError (409 with alternatives for a taken slot) and the caller rolls back.
 *
 * Every writer takes its locks in one order (the Appointment row, the ledger row, the Slot rows),
 * so concurrent bookings, moves and cancellations wait for each other instead of deadlocking.
 */
export interface BookSlotInput {
  slotId: string;
  appointment: Appointment & { id: string };
  now: Date;
  channel?: BookingChannel | undefined;
  /** Who booked: a user, a workstation's client id, or a patient. */
  bookedBy?: string | undefined;
  futureOnly?: boolean | undefined;
}

export interface Booked {
  appointment: Stored<Appointment>;
  slot: Stored<Slot>;
}

export async function bookSlot(tx: Queryable, input: BookSlotInput): Promise<Booked> {
  const { slotId, appointment, now } = input;
  if (appointment.resourceType !== 'Appointment') throw badRequest('A booking carries an Appointment', 'appointment.resourceType');
  const named = slotIdOf(appointment);
  if (appointment.slot?.length && named !== slotId) throw badRequest(`The appointment must name Slot/${slotId} as its slot`, 'Appointment.slot');
  if (!['proposed', 'pending', 'booked'].includes(appointment.status)) throw badRequest(`A new booking cannot have status ${appointment.status}`, 'Appointment.status');
  const patientId = requirePatient(appointment);
  const { rows: found } = await tx.query<{ resource_type: string; deleted: boolean }>(
    `SELECT resource_type, deleted FROM resource WHERE (resource_type = 'Patient' AND id = $1) OR (resource_type = 'Appointment' AND id = $2)`,
    [patientId, appointment.id],
  );
  if (!found.some((r) => r.resource_type === 'Patient' && !r.deleted)) throw unprocessable(`Patient/${patientId} does not exist`, 'Appointment.participant');
  if (found.some((r) => r.resource_type === 'Appointment')) throw conflict(`Appointment/${appointment.id} already exists`, 'Appointment.id');

  // The ledger decides first: of concurrent bookings of this slot exactly one gets its row in.
  const channel = input.channel ?? 'workstation';
  const claimed = await claimSlot(tx, { slotId, appointmentId: appointment.id, patientId, channel, bookedBy: input.bookedBy ?? 'unknown' }, now);
  if (!claimed) throw await bookingRefused(tx, { code: 'slot-taken', message: `Slot/${slotId} is already booked`, slotId, patientId, now });
  // Then the slot itself, locked: it may have been closed or removed from the schedule meanwhile.
  const { slot, planned } = await lockedSlot(tx, slotId);
  await refuseUnbookable(tx, { slot, planned, appointment, patientId, now, futureOnly: input.futureOnly ?? false });

  const placed = await placedInSlot(tx, appointment, slot);
  const booked = {
    ...placed,
    id: appointment.id,
    status: 'booked',
    created: appointment.created ?? now.toISOString(),
    extension: [...(placed.extension ?? []).filter((e) => e.url !== SCHEDULING_EXTENSIONS.bookingChannel), { url: SCHEDULING_EXTENSIONS.bookingChannel, valueCode: channel }],
  } satisfies Stored<Appointment>;
  const [written, createdAppointment] = await writeResources(tx, [{ kind: 'update', resource: { ...slot, status: 'busy' } }, { kind: 'create', resource: booked }], now);
  return { appointment: createdAppointment!.resource as Stored<Appointment>, slot: written!.resource as Stored<Slot> };
}

export interface CancelInput {
  appointmentId: string;
  reason?: string | undefined;
  now: Date;
  /** Who cancelled: the clinic (the default: workstations and staff) or the patient (the cabinet). */
  by?: 'clinic' | 'patient' | undefined;
}

/** Cancels and frees the slot in the same transaction; cancelling a cancelled appointment changes nothing. */
export async function cancelAppointment(tx: Queryable, input: CancelInput): Promise<Stored<Appointment>> {
  const appointment = await lockedAppointment(tx, input.appointmentId);
  if (appointment.status === 'cancelled') return appointment;
  if (!canMoveTo(appointment.status, 'cancelled')) throw conflict(`A ${appointment.status} appointment cannot be cancelled`, 'Appointment.status');
  const by = input.by ?? 'clinic';
  const cancelled: Stored<Appointment> = {
    ...appointment,
    status: 'cancelled',
    cancelationReason: { coding: [{ system: SCHEDULING_SYSTEMS.cancellationReason, code: by === 'patient' ? CANCELLED_BY_PATIENT : CANCELLED_BY_CLINIC }], ...(input.reason ? { text: input.reason } : {}) },
    extension: (appointment.extension ?? []).filter((e) => e.url !== SCHEDULING_EXTENSIONS.rebookNeeded),
  };
  const released = await releaseClaim(tx, appointment.id, 'cancelled', input.now);
  const writes: WriteOperation[] = [{ kind: 'update', resource: cancelled }, ...(await freedSlotWrites(tx, released, slotIdOf(appointment)))];
  const [result] = await writeResources(tx, writes, input.now);
  await resolveRebookItem(tx, appointment.id, 'cancelled', input.now);
  const patientId = participantId(appointment, 'Patient');
  if (by === 'clinic' && patientId) {
    await notifyPatient(tx, { patientId, appointmentId: appointment.id, kind: 'cancelled-by-clinic', reason: input.reason, start: appointment.start }, input.now);
  }
  return result!.resource as Stored<Appointment>;
}

/** The appointment with its row locked; 404 when unknown, 410 when deleted. */
export async function lockedAppointment(tx: Queryable, appointmentId: string): Promise<Stored<Appointment>> {
  const appointment = await readOne<Appointment>(tx, 'Appointment', appointmentId, true);
  if (appointment) return appointment;
  const { rows: found } = await tx.query(`SELECT 1 FROM resource WHERE resource_type = 'Appointment' AND id = $1`, [appointmentId]);
  throw found.length > 0 ? gone(`Appointment/${appointmentId} was deleted`) : notFound(`Appointment/${appointmentId} does not exist`);
}
