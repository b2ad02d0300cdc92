import type { Condition, Encounter, Immunization, Observation, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/central.js';
import type { Database } from '../../db/database.js';
import { searchResources, type SearchQuery } from './search.js';
import { storeForSearch } from './testing.js';

let testDb: TestDatabase;
let db: Database;

const LAB = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] };
const VITALS = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] };
const observation = (id: string, patient: string, code: string, category: typeof LAB, effective: string, status: Observation['status'] = 'final'): Observation => ({
  resourceType: 'Observation',
  id,
  status,
  category: [category],
  code: { coding: [{ system: SYSTEMS.loinc, code }] },
  subject: { reference: `Patient/${patient}` },
  effectiveDateTime: effective,
});
const condition = (id: string, patient: string, icd: string, onset: string, clinical: string): Condition => ({
  resourceType: 'Condition',
  id,
  clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: clinical }] },
  code: { coding: [{ system: SYSTEMS.icd10, code: icd }] },
  subject: { reference: `Patient/${patient}` },
  onsetDateTime: onset,
});

const RECORDS: Resource[] = [
  { resourceType: 'Patient', id: 'a' },
  { resourceType: 'Patient', id: 'b' },
  observation('o-hb-a', 'a', '718-7', LAB, '2024-05-10T09:30:00+03:00'),
  observation('o-hb-b', 'b', '718-7', LAB, '2024-06-01T08:00:00+03:00'),
  observation('o-temp-a', 'a', '8310-5', VITALS, '2024-02-14T09:25:00+03:00'),
  observation('o-prelim-a', 'a', '718-7', LAB, '2023-12-31T23:30:00+03:00', 'preliminary'),
  condition('c-j06-a', 'a', 'J06.9', '2024-02-12', 'resolved'),
  condition('c-i10-b', 'b', 'I10', '2019', 'active'),
  { resourceType: 'Encounter', id: 'e-a', status: 'finished', class: { code: 'AMB' }, subject: { reference: 'Patient/a' }, period: { start: '2024-02-14T09:20:00+03:00', end: '2024-02-14T09:40:00+03:00' } } as Encounter,
  { resourceType: 'Encounter', id: 'e-stay-b', status: 'finished', class: { code: 'IMP' }, subject: { reference: 'Patient/b' }, period: { start: '2024-03-01', end: '2024-03-12' } } as Encounter,
  { resourceType: 'Immunization', id: 'i-a', status: 'completed', vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '94' }] }, patient: { reference: 'Patient/a' }, occurrenceDateTime: '2021-06-30' } as Immunization,
  { resourceType: 'Practitioner', id: 'dr', name: [{ family: 'Гриневич' }] },
];

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await testDb.open();
  await storeForSearch(db, RECORDS);
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

const ids = async (type: string, query: SearchQuery, restrictToPatients?: string[]) =>
  (await searchResources(db, type, query, { baseUrl: 'http://central/fhir', restrictToPatients })).bundle.entry!.map((e) => e.resource!.id).sort();

describe('clinical search', () => {
  it('finds by patient and subject, as Type/id or a bare id', async () => {
    expect(await ids('Observation', { patient: 'a' })).toEqual(['o-hb-a', 'o-prelim-a', 'o-temp-a']);
    expect(await ids('Observation', { subject: 'Patient/b' })).toEqual(['o-hb-b']);
    expect(await ids('Observation', { 'subject:Patient': 'b' })).toEqual(['o-hb-b']);
    expect(await ids('Observation', { patient: 'Practitioner/dr' })).toEqual([]);
    expect(await ids('Immunization', { patient: 'Patient/a' })).toEqual(['i-a']);
    expect(await ids('Encounter', { patient: 'b' })).toEqual(['e-stay-b']);
  });

  it('finds by code with and without a system, by category and by status', async () => {
    expect(await ids('Observation', { code: `${SYSTEMS.loinc}|718-7` })).toEqual(['o-hb-a', 'o-hb-b', 'o-prelim-a']);
    expect(await ids('Observation', { code: '8310-5,718-7', status: 'final' })).toEqual(['o-hb-a', 'o-hb-b', 'o-temp-a']);
    expect(await ids('Observation', { code: 'http://snomed.info/sct|718-7' })).toEqual([]);
    expect(await ids('Observation', { category: 'vital-signs' })).toEqual(['o-temp-a']);
    expect(await ids('Condition', { code: `${SYSTEMS.icd10}|J06.9` })).toEqual(['c-j06-a']);
    expect(await ids('Condition', { 'clinical-status': 'active' })).toEqual(['c-i10-b']);
    expect(await ids('Immunization', { 'vaccine-code': '94', status: 'completed' })).toEqual(['i-a']);
  });

  it('compares clinical dates as ranges, periods included', async () => {
    expect(await ids('Observation', { date: 'ge2024-01-01', patient: 'a' })).toEqual(['o-hb-a', 'o-temp-a']);
    // 23:30 Minsk time on 31 December is 20:30 UTC: still 2023.
    expect(await ids('Observation', { date: '2023' })).toEqual(['o-prelim-a']);
    expect(await ids('Encounter', { date: '2024-02-14' })).toEqual(['e-a']);
    expect(await ids('Encounter', { date: '2024-03' })).toEqual(['e-stay-b']);
    expect(await ids('Encounter', { date: 'lt2024-03-05' })).toEqual(['e-a', 'e-stay-b']);
    expect(await ids('Encounter', { date: 'sa2024-02-20' })).toEqual(['e-stay-b']);
    expect(await ids('Condition', { date: 'lt2020' })).toEqual(['c-i10-b']);
  });

  it('restrictToPatients narrows every search to the allowed compartments', async () => {
    expect(await ids('Observation', {}, ['a'])).toEqual(['o-hb-a', 'o-prelim-a', 'o-temp-a']);
    expect(await ids('Observation', { patient: 'b' }, ['a'])).toEqual([]);
    expect(await ids('Patient', {}, ['b'])).toEqual(['b']);
    expect(await ids('Condition', {}, [])).toEqual([]);
    // A directory resource belongs to no patient: visible, as a read of it is.
    expect(await ids('Practitioner', {}, ['a'])).toEqual(['dr']);
  });

  it('a type without search support and an unknown parameter are 400s', async () => {
    await expect(ids('Observation', { 'value-quantity': '5' })).rejects.toMatchObject({ status: 400 });
    await expect(ids('AuditEvent', {})).rejects.toMatchObject({ status: 400 });
  });
});
