import type { Patient } from '@medplum/fhirtypes';
import { checkPersonalNumber, normalizePersonalNumber } from '../../shared/domain/personal-number.js';
import { SYSTEMS } from '../../shared/fhir/systems.js';
import { badRequest, conflict, type OperationOutcomeError } from '../../shared/fhir/outcomes.js';
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

/** Frees the numbers of Patients being rewritten or deleted, so their new versions may claim them again. */
export async function releasePersonalNumbers(tx: Queryable, patientIds: readonly string[]): Promise<void> {
  await tx.query('DELETE FROM patient_personal_number WHERE patient_id = ANY($1::text[])', [patientIds]);
}

/**
 * The numbers the Patients just written claim. The claims are stored with the versions
 * (store-statement.ts) and the unique constraints decide, so two concurrent registrations of one
 * person cannot both win.
 */
export function personalNumberClaims(patients: readonly Patient[]): { number: string; patientId: string }[] {
  const claims = patients.flatMap((patient) => {
    const number = personalNumberOf(patient);
    return number ? [{ number, patientId: patient.id! }] : [];
  });
  if (new Set(claims.map((claim) => claim.number)).size !== claims.length) throw conflict('Two Patients in one request have the same personal number', 'Patient.identifier');
  return claims;
}

export function personalNumberTaken(): OperationOutcomeError {
  return conflict('Another Patient already has this personal number: one person is one Patient (use conditional create to find them)', 'Patient.identifier');
}
