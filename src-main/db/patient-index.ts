import type { HumanName, Patient } from '@medplum/fhirtypes';
import { nameSearchKeys } from '../../shared/domain/names.js';
import { normalizePersonalNumber } from '../../shared/domain/personal-number.js';
import { SYSTEMS } from '../../shared/fhir/systems.js';

/** What the search index keeps of a Patient: the keys it matches on and what a result row shows. */
export interface PatientSearchRow {
  displayName: string;
  surnameKeys: string[];
  givenKeys: string[];
  birthDate: string | null;
  personalNumber: string | null;
  gender: string | null;
}

/** The name people see first: the official one, else the first one with any text (Patients and Practitioners alike). */
export function primaryName(person: { name?: HumanName[] }): HumanName | undefined {
  const names = person.name ?? [];
  return names.find((n) => n.use === 'official') ?? names.find((n) => n.family || n.given?.length || n.text);
}

export function formatName(name: HumanName | undefined): string {
  if (!name) return '';
  const parts = [name.family, ...(name.given ?? [])].filter((p): p is string => Boolean(p));
  return parts.length ? parts.join(' ') : (name.text ?? '');
}

export function personalNumberOf(patient: Patient): string | null {
  const value = patient.identifier?.find((i) => i.system === SYSTEMS.personalNumber)?.value;
  return value ? normalizePersonalNumber(value) : null;
}

/**
 * Every spelling of every name is indexed (a Patient may carry Russian, Belarusian and Latin
 * names), surnames apart from given names and patronymics so an exact surname can rank first.
 */
export function patientSearchRow(patient: Patient): PatientSearchRow {
  const surnameKeys = new Set<string>();
  const givenKeys = new Set<string>();
  for (const name of patient.name ?? []) {
    if (name.family) for (const key of nameSearchKeys(name.family)) surnameKeys.add(key);
    for (const given of name.given ?? []) for (const key of nameSearchKeys(given)) givenKeys.add(key);
    if (!name.family && !name.given?.length && name.text) for (const key of nameSearchKeys(name.text)) givenKeys.add(key);
  }
  return {
    displayName: formatName(primaryName(patient)),
    surnameKeys: [...surnameKeys],
    givenKeys: [...givenKeys],
    birthDate: patient.birthDate ?? null,
    personalNumber: personalNumberOf(patient),
    gender: patient.gender ?? null,
  };
}

/** A full birth date as one FTS token (`d19850312`): digits alone would be split at the dashes. */
export function birthDateToken(isoDate: string): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? 'd' + isoDate.replace(/-/g, '') : null;
}
