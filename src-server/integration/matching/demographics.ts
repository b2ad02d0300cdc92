import type { Patient } from '@medplum/fhirtypes';
import { nameSearchKey } from '../../../shared/domain/names.js';
import { SYSTEMS } from '../../../shared/fhir/systems.js';

/**
 * What matching compares: names as search keys (so Иванов, Іваноў and Ivanov are one name, and
 * ё/е or case never matter), the date of birth, sex, phone numbers, and the personal number.
 * Former surnames count too: a woman is often known to an old laboratory record by her maiden name.
 */
export interface Demographics {
  personalNumber: string | undefined;
  /** Search keys of every surname the person has or had. */
  families: string[];
  /** Search key of the first given name. */
  given: string | undefined;
  /** Search key of the patronymic (the second given name, as Belarusian records write it). */
  patronymic: string | undefined;
  birthDate: string | undefined;
  sex: string | undefined;
  phones: string[];
}

export function demographicsOf(patient: Patient): Demographics {
  const names = patient.name ?? [];
  const current = names.find((name) => name.use !== 'old' && !name.period?.end) ?? names[0];
  const families = new Set<string>();
  for (const name of [current, ...names]) {
    if (name?.family) families.add(nameSearchKey(name.family));
  }
  const givenParts = current?.given ?? (current?.text ? current.text.split(/\s+/).slice(1) : []);
  return {
    personalNumber: patient.identifier?.find((identifier) => identifier.system === SYSTEMS.personalNumber)?.value,
    families: [...families].filter(Boolean),
    given: givenParts[0] ? nameSearchKey(givenParts[0]) : undefined,
    patronymic: givenParts[1] ? nameSearchKey(givenParts[1]) : undefined,
    birthDate: patient.birthDate,
    sex: patient.gender,
    phones: (patient.telecom ?? []).filter((t) => t.system === 'phone' && t.value).map((t) => t.value!.replace(/\D/g, '').slice(-9)),
  };
}

/** Enough to look for the person at all: a surname or a given name, and a date of birth. */
export function isMatchable(d: Demographics): boolean {
  return Boolean(d.birthDate && (d.families.length > 0 || d.given));
}
