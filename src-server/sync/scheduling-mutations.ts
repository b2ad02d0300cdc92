import type { Appointment } from '@medplum/fhirtypes';
import { isWalkIn, participantId } from '../../shared/fhir/appointment-summary.js';
import { unprocessable } from '../../shared/fhir/outcomes.js';
import type { Mutation } from '../../shared/sync/protocol.js';
import type { Queryable } from '../db/database.js';
import { rescheduleAppointment } from '../scheduling/reschedule.js';
import type { Stored } from '../scheduling/store.js';
import { addWalkIn, walkInAction } from '../scheduling/walk-ins.js';
import { readOne } from '../scheduling/store.js';
import type { SyncCaller } from './access.js';

type RescheduleMutation = Extract<Mutation, { kind: 'reschedule' }>;
type WalkInMutation = Extract<Mutation, { kind: 'walk-in' }>;

/**
 * A move made at a workstation's desk, applied by Central's own reschedule command inside the push
 * transaction: the ledger releases the old slot and claims the new one together, so a taken slot
 * is refused (409 with the alternatives and the phone) and the appointment keeps its old slot.
 */
export async function applyReschedule(tx: Queryable, caller: SyncCaller, mutation: RescheduleMutation, now: Date): Promise<Stored<Appointment>> {
  const { appointment } = await rescheduleAppointment(tx, {
    appointmentId: mutation.args.appointmentId,
    slotId: mutation.args.slotId,
    now,
    by: 'clinic',
    channel: 'workstation',
    bookedBy: mutation.author?.userId ?? caller.principal.subject,
    reason: mutation.args.reason,
  });
  return appointment;
}

/**
 * A walk-in queued at a workstation's desk, or its next step, applied to the clinic's queue (the
 * caller's organisation) inside the push transaction, so the clinic's other workstations and
 * `/scheduling/walk-ins` show the same queue.
 */
export async function applyWalkIn(tx: Queryable, caller: SyncCaller, mutation: WalkInMutation, now: Date): Promise<Stored<Appointment>> {
  const args = mutation.args;
  const { organizationId } = caller;
  if (args.action === 'add') {
    await addWalkIn(tx, {
      organizationId,
      appointmentId: args.appointmentId,
      patientId: args.patientId,
      practitionerId: args.practitionerId,
      note: args.note,
      queuedAt: new Date(args.queuedAt),
      channel: 'workstation',
      now,
    });
  } else {
    await walkInAction(tx, { organizationId, appointmentId: args.appointmentId, action: args.action, now });
  }
  return (await readOne<Appointment>(tx, 'Appointment', args.appointmentId))!;
}

/**
 * A walk-in as a workstation of protocol 2 queued it, a plain `create` of a WALKIN Appointment
 * still waiting in an upgraded workstation's outbox: put in the clinic's queue like a `walk-in`
 * `add`, keeping its id and arrival time. Its later steps are `update`s of the Appointment's
 * status, which the queue reads as it is.
 */
export function isQueuedWalkIn(resource: { resourceType: string }): resource is Appointment & { id: string } {
  return resource.resourceType === 'Appointment' && isWalkIn(resource as Appointment);
}

export async function applyWalkInCreate(tx: Queryable, caller: SyncCaller, appointment: Appointment & { id: string }, now: Date): Promise<Stored<Appointment>> {
  const patientId = participantId(appointment, 'Patient');
  if (!patientId) throw unprocessable('A walk-in names its patient', 'Appointment.participant');
  const queuedAt = appointment.created ?? appointment.start;
  await addWalkIn(tx, {
    organizationId: caller.organizationId,
    appointmentId: appointment.id,
    patientId,
    practitionerId: participantId(appointment, 'Practitioner') ?? undefined,
    note: appointment.comment,
    ...(queuedAt && !Number.isNaN(Date.parse(queuedAt)) ? { queuedAt: new Date(queuedAt) } : {}),
    channel: 'workstation',
    now,
  });
  return (await readOne<Appointment>(tx, 'Appointment', appointment.id))!;
}
