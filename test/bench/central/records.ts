import type { Bundle, BundleEntry, Patient, Resource } from '@medplum/fhirtypes';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { demoPerson } from '../../../src-server/demo/people.js';

/**
 * Benchmark data: the demo's people (src-server/demo/people.ts: realistic Belarusian and Russian
 * names, valid unique personal numbers) and for each a small record of the kinds a clinic sends:
 * an ambulatory visit with an ICD-10 diagnosis, a lab result and a vaccination.
 */
export const RESOURCES_PER_PERSON = 5;

export function patientOf(index: number): Patient {
  const person = demoPerson(index);
  return {
    resourceType: 'Patient',
    identifier: [{ system: SYSTEMS.personalNumber, value: person.personalNumber }],
    active: true,
    name: [{ use: 'official', family: person.family, given: person.patronymic ? [person.given, person.patronymic] : [person.given] }],
    telecom: [{ system: 'phone', value: person.phone, use: 'mobile' }],
    gender: person.sex,
    birthDate: person.birthDate,
    address: [{ use: 'home', line: [person.addressParts.line], city: person.addressParts.city, postalCode: person.addressParts.postalCode, country: 'BY' }],
  };
}

const ICD10 = [['J06.9', 'Острая инфекция верхних дыхательных путей'], ['I10', 'Эссенциальная гипертензия'], ['E11.9', 'Сахарный диабет 2 типа'], ['K29.7', 'Гастрит неуточнённый'], ['M54.5', 'Боль внизу спины']] as const;

/** The record of one person: Patient, Encounter, Condition, Observation, Immunization, linked by `patientRef`. */
export function recordOf(index: number, patientRef: string, encounterRef: string): Resource[] {
  const day = `2024-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 28) + 1).padStart(2, '0')}`;
  const [code, display] = ICD10[index % ICD10.length]!;
  return [
    {
      resourceType: 'Encounter',
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      subject: { reference: patientRef },
      period: { start: `${day}T09:20:00+03:00`, end: `${day}T09:40:00+03:00` },
    },
    {
      resourceType: 'Condition',
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis' }] }],
      code: { coding: [{ system: SYSTEMS.icd10, code, display }] },
      subject: { reference: patientRef },
      encounter: { reference: encounterRef },
      recordedDate: `${day}T09:35:00+03:00`,
    },
    {
      resourceType: 'Observation',
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
      code: { coding: [{ system: SYSTEMS.loinc, code: '718-7', display: 'Hemoglobin [Mass/volume] in Blood' }], text: 'Гемоглобин' },
      subject: { reference: patientRef },
      encounter: { reference: encounterRef },
      effectiveDateTime: `${day}T08:10:00+03:00`,
      valueQuantity: { value: 110 + (index % 50), unit: 'g/L', system: 'http://unitsofmeasure.org', code: 'g/L' },
      referenceRange: [{ low: { value: 120, unit: 'g/L' }, high: { value: 160, unit: 'g/L' } }],
    },
    {
      resourceType: 'Immunization',
      status: 'completed',
      vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '141', display: 'Influenza, seasonal' }] },
      patient: { reference: patientRef },
      occurrenceDateTime: day,
      primarySource: true,
    },
  ] as Resource[];
}

/** A transaction bundle of the people [from, to): Patient entries and their records, linked by urn:uuid. */
export function transactionOf(from: number, to: number): Bundle {
  const entry: BundleEntry[] = [];
  for (let index = from; index < to; index++) {
    const patientUrl = `urn:uuid:00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
    const encounterUrl = `urn:uuid:00000000-0000-4000-9000-${String(index).padStart(12, '0')}`;
    entry.push({ fullUrl: patientUrl, resource: patientOf(index), request: { method: 'POST', url: 'Patient' } });
    recordOf(index, patientUrl, encounterUrl).forEach((resource, i) =>
      entry.push({ ...(i === 0 ? { fullUrl: encounterUrl } : {}), resource, request: { method: 'POST', url: resource.resourceType } }),
    );
  }
  return { resourceType: 'Bundle', type: 'transaction', entry };
}
