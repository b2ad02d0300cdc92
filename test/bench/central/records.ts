import type { Bundle, Patient, Resource } from '@medplum/fhirtypes';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { demoTransactionBundles } from '../../../src-server/demo/bundles.js';
import { generateDemoRegion } from '../../../src-server/demo/generate.js';
import { demoPerson } from '../../../src-server/demo/people.js';

/**
 * Benchmark data from central-platform's demo generators: realistic Belarusian and Russian people
 * with valid unique personal numbers (src-server/demo/people.ts) and their records.
 */

/** A demo person as a bare Patient, for filling the population the name search runs over. */
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

/**
 * The demo region's first `people` patients with their whole records (about ninety resources each:
 * visits, diagnoses, labs, vaccinations, stays, from src-server/demo/generate.ts), as transaction
 * bundles of `size` PUT entries (src-server/demo/bundles.ts), in two stages: the directory and the
 * Patients (registration), then the clinical records. Records are sent only once their patients
 * are stored, as in a clinic: a clinical write is checked against the writer's reach, which an
 * attached patient not yet stored by a parallel bundle would fail.
 */
export function demoBundles(from: number, people: number, size: number): { stages: Bundle[][]; resources: Resource[]; patientIds: string[]; polyclinicId: string } {
  const region = generateDemoRegion({ from, patients: people, today: DEMO_TODAY });
  const registration: Resource[] = [...region.directory];
  const records: Resource[] = [];
  const patientIds: string[] = [];
  for (const record of region.patients()) {
    patientIds.push(record.patientId);
    for (const resource of record.resources) (resource.resourceType === 'Patient' ? registration : records).push(resource);
  }
  return {
    stages: [[...demoTransactionBundles(registration, size)], [...demoTransactionBundles(records, size)]],
    resources: [...registration, ...records],
    patientIds,
    polyclinicId: region.institutions.polyclinic.organization.id!,
  };
}

/** A fixed "today", so every run generates the same histories. */
const DEMO_TODAY = '2025-06-01';
