import type { Patient } from '@medplum/fhirtypes';
import type { FreeSlot } from '../../shared/api/schedule-views.js';
import { bookingRefusalOutcome, type BookingRefusalCode } from '../../shared/fhir/booking-refusal.js';
import { patientContact } from '../../shared/fhir/appointment-summary.js';
import { OperationOutcomeError } from '../../shared/fhir/outcomes.js';
import type { Queryable } from '../db/database.js';
import { findFreeSlots } from './free-slots.js';
import { readOne } from './store.js';

/** How many alternatives a refusal offers: of the same doctor, and of other doctors of the specialty. */
const SAME_DOCTOR = 3;
const SAME_SPECIALTY = 3;

export interface RefusalFacts {
  code: BookingRefusalCode;
  message: string;
  slotId: string;
  patientId: string | null;
  now: Date;
  /** Slots not to offer (the one the appointment holds now, when moving it). */
  excludeSlotIds?: readonly string[];
  status?: number;
}

/**
 * A refused booking as an error carrying everything the registrar needs to act at once: the nearest
 * free slots of the same doctor and of the same specialty, and the patient's phone to call them.
 * Built inside the refused transaction, so the alternatives are as of the moment of refusal.
 */
export async function bookingRefused(q: Queryable, facts: RefusalFacts): Promise<OperationOutcomeError> {
  const patient = facts.patientId ? await readOne<Patient>(q, 'Patient', facts.patientId) : undefined;
  const alternatives = await alternativesTo(q, facts.slotId, facts.now, [facts.slotId, ...(facts.excludeSlotIds ?? [])]);
  const outcome = bookingRefusalOutcome({
    code: facts.code,
    message: facts.message,
    slotId: facts.slotId,
    patient: facts.patientId ? patientContact(facts.patientId, patient) : null,
    alternatives,
  });
  return new OperationOutcomeError(facts.status ?? 409, outcome);
}

export async function alternativesTo(q: Queryable, slotId: string, now: Date, excludeSlotIds: readonly string[]): Promise<FreeSlot[]> {
  const { rows } = await q.query<{ schedule_id: string; start_at: Date | string; visit_type: string; practitioner_id: string; organization_id: string; specialty_code: string }>(
    `SELECT s.schedule_id, s.start_at, s.visit_type, d.practitioner_id, d.organization_id, d.specialty_code
     FROM schedule_slot s JOIN schedule_definition d USING (schedule_id) WHERE s.slot_id = $1`,
    [slotId],
  );
  const wanted = rows[0];
  if (!wanted) return [];
  const near = new Date(wanted.start_at);
  const common = { from: now, near, visitType: wanted.visit_type, excludeSlotIds };
  const sameDoctor = await findFreeSlots(q, { ...common, sameDoctorAs: { scheduleId: wanted.schedule_id, practitionerId: wanted.practitioner_id }, limit: SAME_DOCTOR });
  const sameSpecialty = await findFreeSlots(q, {
    ...common,
    organizationId: wanted.organization_id,
    specialty: wanted.specialty_code,
    notPractitionerId: wanted.practitioner_id,
    limit: SAME_SPECIALTY,
  });
  return [...sameDoctor, ...sameSpecialty];
}
