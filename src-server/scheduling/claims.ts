import type { Queryable } from '../db/database.js';

/**
 * The booking ledger (slot_booking). Its partial unique index allows one active row per slot, so
 * "is this slot still free?" is never asked and then acted on: the insert itself is the question,
 * and under any concurrency the database lets exactly one booking of a slot in.
 */
/** Who booked; `fhir` marks an Appointment written outside scheduling (migration 042's trigger). */
export type BookingChannel = 'workstation' | 'staff' | 'cabinet' | 'fhir';

export interface Claim {
  slotId: string;
  appointmentId: string;
  patientId: string;
  channel: BookingChannel;
  bookedBy: string;
}

/** True when this appointment now holds the slot; false when another active booking holds it. */
export async function claimSlot(tx: Queryable, claim: Claim, now: Date): Promise<boolean> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO slot_booking (slot_id, appointment_id, patient_id, channel, booked_by, booked_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (slot_id) WHERE released_at IS NULL DO NOTHING RETURNING id`,
    [claim.slotId, claim.appointmentId, claim.patientId, claim.channel, claim.bookedBy, now.toISOString()],
  );
  return rows.length === 1;
}

/** Frees whatever slot the appointment holds; returns that slot's id, or undefined when it held none. */
export async function releaseClaim(tx: Queryable, appointmentId: string, reason: 'cancelled' | 'rescheduled', now: Date): Promise<string | undefined> {
  const { rows } = await tx.query<{ slot_id: string }>(
    `UPDATE slot_booking SET released_at = $2, release_reason = $3 WHERE appointment_id = $1 AND released_at IS NULL RETURNING slot_id`,
    [appointmentId, now.toISOString(), reason],
  );
  return rows[0]?.slot_id;
}
