import type { HumanName, Patient } from '@medplum/fhirtypes';
import type { PreventiveDueEntry, PreventiveDueList } from '../../shared/api/schedule-booking.js';
import { preventiveExamDue } from '../../shared/domain/preventive.js';
import { ageInYears } from '../../shared/domain/vaccination-dates.js';
import { ENCOUNTER_KIND_SYSTEM } from '../../shared/fhir/encounter-kinds.js';
import { patientContact } from '../../shared/fhir/appointment-summary.js';
import { SCHEDULING_SYSTEMS } from '../../shared/fhir/scheduling.js';
import type { Queryable } from '../db/database.js';

/**
 * Preventive examinations (диспансеризация): who of a clinic's patients is due by the rules in
 * shared/domain/preventive-rules.ts. The last examination is a finished Encounter of kind
 * `preventive` from any institution, or a fulfilled preventive Appointment.
 */
const PREVENTIVE_ENCOUNTER = JSON.stringify([{ coding: [{ system: ENCOUNTER_KIND_SYSTEM, code: 'preventive' }] }]);
const PREVENTIVE_VISIT = JSON.stringify([{ coding: [{ system: SCHEDULING_SYSTEMS.visitType, code: 'preventive' }] }]);

export async function lastPreventiveExams(q: Queryable, patientIds: readonly string[]): Promise<Map<string, string>> {
  if (patientIds.length === 0) return new Map();
  const { rows } = await q.query<{ patient_id: string; last: string | null }>(
    `SELECT patient_id, max(left(COALESCE(content->'period'->>'start', content->>'start'), 10)) AS last FROM resource
     WHERE patient_id = ANY($1::text[]) AND NOT deleted AND (
       (resource_type = 'Encounter' AND content->>'status' NOT IN ('cancelled', 'entered-in-error', 'planned') AND content->'type' @> $2::jsonb)
       OR (resource_type = 'Appointment' AND content->>'status' = 'fulfilled' AND content->'serviceType' @> $3::jsonb))
     GROUP BY patient_id`,
    [patientIds, PREVENTIVE_ENCOUNTER, PREVENTIVE_VISIT],
  );
  return new Map(rows.filter((r) => r.last).map((r) => [r.patient_id, r.last!]));
}

/** Preventive examinations booked from `now` on, by patient. */
export async function upcomingPreventive(q: Queryable, patientIds: readonly string[], now: Date): Promise<Map<string, { appointmentId: string; start: string }>> {
  if (patientIds.length === 0) return new Map();
  const { rows } = await q.query<{ patient_id: string; appointment_id: string; start_at: Date | string }>(
    `SELECT DISTINCT ON (b.patient_id) b.patient_id, b.appointment_id, s.start_at FROM slot_booking b JOIN schedule_slot s USING (slot_id)
     WHERE b.patient_id = ANY($1::text[]) AND b.released_at IS NULL AND s.visit_type = 'preventive' AND s.start_at >= $2
     ORDER BY b.patient_id, s.start_at`,
    [patientIds, now.toISOString()],
  );
  return new Map(rows.map((r) => [r.patient_id, { appointmentId: r.appointment_id, start: new Date(r.start_at).toISOString() }]));
}

interface PatientRow {
  id: string;
  birth_date: string | null;
  name: unknown;
  telecom: unknown;
}

/** The clinic's attached patients who are due now, the longest overdue first. */
export async function preventiveDueList(
  q: Queryable,
  input: { organizationId: string; today: string; now: Date; limit: number; offset: number; unbookedOnly: boolean },
): Promise<PreventiveDueList> {
  const { rows } = await q.query<PatientRow>(
    `SELECT id, content->>'birthDate' AS birth_date, content->'name' AS name, content->'telecom' AS telecom FROM resource
     WHERE resource_type = 'Patient' AND NOT deleted AND content->>'birthDate' IS NOT NULL AND content->>'deceasedDateTime' IS NULL
       AND COALESCE(content->>'deceasedBoolean', 'false') = 'false'
       AND (content->'managingOrganization'->>'reference' = 'Organization/' || $1
            OR content->'generalPractitioner' @> jsonb_build_array(jsonb_build_object('reference', 'Organization/' || $1)))`,
    [input.organizationId],
  );
  const ids = rows.map((r) => r.id);
  const [last, booked] = [await lastPreventiveExams(q, ids), await upcomingPreventive(q, ids, input.now)];
  const due: PreventiveDueEntry[] = [];
  for (const row of rows) {
    const birthDate = row.birth_date!.slice(0, 10);
    const status = preventiveExamDue(birthDate, last.get(row.id), input.today);
    if (!status.due) continue;
    const upcoming = booked.get(row.id) ?? null;
    if (input.unbookedOnly && upcoming) continue;
    const patient = { resourceType: 'Patient', name: json<HumanName[]>(row.name), telecom: json<Patient['telecom']>(row.telecom), birthDate } as Patient;
    due.push({ patient: patientContact(row.id, patient), age: ageInYears(birthDate, input.today), dueDate: status.dueDate, reason: status.reason, lastExamDate: last.get(row.id) ?? null, booked: upcoming });
  }
  due.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.patient.name.localeCompare(b.patient.name, 'ru') || a.patient.patientId.localeCompare(b.patient.patientId));
  return { asOf: input.today, total: due.length, entries: due.slice(input.offset, input.offset + input.limit) };
}

function json<T>(value: unknown): T | undefined {
  if (value === null || value === undefined) return undefined;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
