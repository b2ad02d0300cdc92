import type { Appointment, Schedule, Slot } from '@medplum/fhirtypes';
import { participantId, visitTypeOf } from '../../shared/fhir/appointment-summary.js';
import { SCHEDULING_EXTENSIONS } from '../../shared/fhir/scheduling.js';
import { badRequest, notFound, type OperationOutcomeError } from '../../shared/fhir/outcomes.js';
import type { Queryable } from '../db/database.js';
import { bookingRefused } from './refusals.js';
import { contentOf, readOne, type Stored } from './store.js';

/**
 * What must hold of a slot before an appointment may take it, checked with the slot's row locked.
 * None of this decides between two bookings of one slot (the ledger's unique index does); it
 * refuses slots nobody may take at all.
 */
export interface SlotCheck {
  slot: Stored<Slot>;
  /** Whether the slot is still in its schedule's plan (undefined for slots made elsewhere). */
  planned: boolean | undefined;
  appointment: Appointment;
  patientId: string | null;
  now: Date;
  /** The cabinet books only slots that have not started. */
  futureOnly: boolean;
  excludeSlotIds?: readonly string[];
}

export async function refuseUnbookable(tx: Queryable, check: SlotCheck): Promise<void> {
  const { slot, now } = check;
  const refuse = (code: 'slot-in-past' | 'slot-unavailable' | 'visit-type-mismatch', message: string): Promise<OperationOutcomeError> =>
    bookingRefused(tx, { code, message, slotId: slot.id, patientId: check.patientId, now, excludeSlotIds: check.excludeSlotIds ?? [] });
  if (check.futureOnly && new Date(slot.start) < now) throw await refuse('slot-in-past', `Slot/${slot.id} has already started`);
  // `busy` is only the published copy of the ledger, which has just said the slot is ours; any
  // other status (busy-unavailable, entered-in-error) closes the slot to everyone.
  if (check.planned === false || (slot.status !== 'free' && slot.status !== 'busy')) {
    throw await refuse('slot-unavailable', `Slot/${slot.id} is no longer open for booking`);
  }
  const wanted = visitTypeOf(check.appointment);
  const offered = visitTypeOf(slot);
  if (wanted && offered && wanted !== offered) throw await refuse('visit-type-mismatch', `Slot/${slot.id} is for ${offered}, the appointment is for ${wanted}`);
}

/** The slot with its row locked, and whether it is still in its schedule's plan, in one round trip. */
export async function lockedSlot(tx: Queryable, slotId: string): Promise<{ slot: Stored<Slot>; planned: boolean | undefined }> {
  const { rows } = await tx.query<{ content: unknown; planned: boolean | null }>(
    `SELECT r.content, s.planned FROM resource r LEFT JOIN schedule_slot s ON s.slot_id = r.id
     WHERE r.resource_type = 'Slot' AND r.id = $1 AND NOT r.deleted FOR UPDATE OF r`,
    [slotId],
  );
  if (!rows[0]) throw notFound(`Slot/${slotId} does not exist`);
  return { slot: contentOf<Slot>(rows[0].content), planned: rows[0].planned ?? undefined };
}

/** The appointment's patient; a booking without one is a malformed request. */
export function requirePatient(appointment: Appointment): string {
  const patientId = participantId(appointment, 'Patient');
  if (!patientId) throw badRequest('The appointment must name its Patient among the participants', 'Appointment.participant');
  return patientId;
}

/**
 * The appointment as booked into `slot`: its time and visit type are the slot's, its doctor and
 * place those of the slot's schedule (replacing the previous ones when it moves to another doctor).
 */
export async function placedInSlot(q: Queryable, appointment: Appointment, slot: Stored<Slot>): Promise<Appointment> {
  const scheduleId = /^Schedule\/(.+)$/.exec(slot.schedule?.reference ?? '')?.[1];
  const schedule = scheduleId ? await readOne<Schedule>(q, 'Schedule', scheduleId) : undefined;
  const actors = (schedule?.actor ?? []).filter((a) => /^(Practitioner|Location)\//.test(a.reference ?? ''));
  const kept = (appointment.participant ?? []).filter((p) => actors.length === 0 || !/^(Practitioner|Location)\//.test(p.actor?.reference ?? ''));
  return {
    ...appointment,
    start: slot.start,
    end: slot.end,
    slot: [{ reference: `Slot/${slot.id}` }],
    ...(visitTypeOf(appointment) || !slot.serviceType ? {} : { serviceType: slot.serviceType }),
    participant: [...kept, ...actors.map((actor) => ({ actor, status: 'accepted' as const }))],
    extension: (appointment.extension ?? []).filter((e) => e.url !== SCHEDULING_EXTENSIONS.rebookNeeded),
  };
}
