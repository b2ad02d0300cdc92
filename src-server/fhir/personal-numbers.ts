import type { Patient } from '@medplum/fhirtypes';
import { checkPersonalNumber, normalizePersonalNumber } from '../../shared/domain/personal-number.js';
import { SYSTEMS } from '../../shared/fhir/systems.js';
import { badRequest, conflict } from '../../shared/fhir/outcomes.js';
import type { Queryable } from '../db/database.js';

/**
 * Our rule on top of R4: a Patient's personal number must be a real one (format, date, check
 * digit), is stored normalised, and a Patient has at most one. Normalises in place.
 */
export function checkPatientIdentifiers(patient: Patient): void {
  let found: string | undefined;
  (patient.identifier ?? []).forEach((identifier, index) => {
    if (identifier.system !== SYSTEMS.personalNumber) return;
    const expression = `Patient.identifier[${index}].value`;
    if (typeof identifier.value !== 'string') throw badRequest('The personal number has no value', expression);
    const value = normalizePersonalNumber(identifier.value);
    const check = checkPersonalNumber(value);
    if (!check.ok) throw badRequest(check.message, expression);
    if (found && found !== value) throw badRequest('A Patient has one personal number, this one has two', expression);
    found = value;
    identifier.value = value;
  });
}

export function personalNumberOf(patient: Patient): string | undefined {
  return patient.identifier?.find((identifier) => identifier.system === SYSTEMS.personalNumber)?.value;
}

/**
 * Makes the table of personal numbers match the Patients just written, in the writing transaction:
 * the unique constraints decide, so two concurrent registrations of one person cannot both win.
 * `patients` are the current versions; `releasedIds` are Patients deleted or rewritten.
 */
export async function claimPersonalNumbers(tx: Queryable, patients: readonly Patient[], releasedIds: readonly string[]): Promise<void> {
  if (releasedIds.length > 0) await tx.query('DELETE FROM patient_personal_number WHERE patient_id = ANY($1::text[])', [releasedIds]);
  const claims = patients.flatMap((patient) => {
    const number = personalNumberOf(patient);
    return number ? [{ number, id: patient.id! }] : [];
  });
  if (claims.length === 0) return;
  const numbers = claims.map((claim) => claim.number);
  if (new Set(numbers).size !== numbers.length) throw conflict('Two Patients in one request have the same personal number', 'Patient.identifier');
  const { rows } = await tx.query<{ personal_number: string }>(
    `INSERT INTO patient_personal_number (personal_number, patient_id)
     SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING RETURNING personal_number`,
    [numbers, claims.map((claim) => claim.id)],
  );
  if (rows.length !== claims.length) {
    throw conflict('Another Patient already has this personal number: one person is one Patient (use conditional create to find them)', 'Patient.identifier');
  }
}
