import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePersonalNumber } from '../../shared/domain/personal-number.js';
import { SYSTEMS } from '../../shared/fhir/systems.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { fhirClient, storeCounts, type FhirCall } from './testing.js';

let central: TestCentral;
let fhir: FhirCall;
beforeAll(async () => {
  central = await startTestCentral();
  fhir = fhirClient(central, 'registrar');
});
afterAll(async () => central?.close());

const person = (sequence: number, family = 'Лукашевич'): Patient => ({
  resourceType: 'Patient',
  identifier: [{ system: SYSTEMS.personalNumber, value: makePersonalNumber('1979-09-21', 'male', 'M', sequence) }],
  name: [{ family, given: ['Андрей'] }],
  gender: 'male',
  birthDate: '1979-09-21',
});
const condition = (patient: Patient) => `identifier=${encodeURIComponent(`${SYSTEMS.personalNumber}|${patient.identifier![0]!.value}`)}`;

describe('one Patient per personal number', () => {
  it('refuses a second Patient with the same number and stores nothing', async () => {
    const first = await fhir('POST', '/Patient', person(1));
    expect(first.status).toBe(201);
    const before = await storeCounts(central);
    const second = await fhir('POST', '/Patient', person(1, 'Другой'));
    expect(second.status).toBe(409);
    expect(second.body.issue[0].details.text).toContain('conditional create');
    expect(await storeCounts(central)).toEqual(before);

    const other = await fhir('POST', '/Patient', person(2));
    const taken = await fhir('PUT', `/Patient/${other.body.id}`, { ...person(1), id: other.body.id });
    expect(taken.status).toBe(409);
  });

  it('a deleted Patient releases the number', async () => {
    const created = await fhir('POST', '/Patient', person(3));
    expect((await fhir('DELETE', `/Patient/${created.body.id}`)).status).toBe(200);
    expect((await fhir('POST', '/Patient', person(3))).status).toBe(201);
  });

  it('the number is checked: a wrong check digit is a 400 naming the field', async () => {
    const patient = person(4);
    const number = patient.identifier![0]!.value!;
    patient.identifier![0]!.value = number.slice(0, 13) + ((Number(number[13]) + 1) % 10);
    const refused = await fhir('POST', '/Patient', patient);
    expect(refused.status).toBe(400);
    expect(refused.body.issue[0].expression).toEqual(['Patient.identifier[0].value']);
  });
});

describe('conditional create (If-None-Exist)', () => {
  it('creates when nothing matches, and returns the match with 200 when something does', async () => {
    const patient = person(10);
    const created = await fhir('POST', '/Patient', patient, { 'if-none-exist': condition(patient) });
    expect(created.status).toBe(201);
    const again = await fhir('POST', '/Patient', { ...patient, name: [{ family: 'Иной' }] }, { 'if-none-exist': condition(patient) });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(created.body.id);
    expect(again.body.name[0].family).toBe('Лукашевич');
    expect(again.headers.get('location')).toContain(`/Patient/${created.body.id}/_history/1`);
  });

  it('racing conditional creates of one person all get the same Patient', async () => {
    const patient = person(11);
    const answers = await Promise.all(Array.from({ length: 6 }, () => fhir('POST', '/Patient', patient, { 'if-none-exist': condition(patient) })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const found = await fhir('GET', `/Patient?${condition(patient)}`);
    expect(found.body.total).toBe(1);
  });

  it('an ambiguous condition is a 412; a malformed one is a 400', async () => {
    await fhir('POST', '/Patient', person(12, 'Двойник'));
    await fhir('POST', '/Patient', person(13, 'Двойник'));
    expect((await fhir('POST', '/Patient', person(14), { 'if-none-exist': `family=${encodeURIComponent('Двойник')}` })).status).toBe(412);
    expect((await fhir('POST', '/Patient', person(14), { 'if-none-exist': 'nickname=x' })).status).toBe(400);
    expect((await fhir('POST', '/Patient', person(14), { 'if-none-exist': '' })).status).toBe(201);
  });
});

describe('instance history with _since', () => {
  it('lists the versions written at or after the instant, newest first', async () => {
    const created = await fhir('POST', '/Patient', person(20));
    const id = created.body.id;
    const v2 = await fhir('PUT', `/Patient/${id}`, { ...created.body, active: false }, { 'if-match': 'W/"1"' });
    await fhir('PUT', `/Patient/${id}`, { ...v2.body, active: true }, { 'if-match': 'W/"2"' });
    const all = await fhir('GET', `/Patient/${id}/_history`);
    expect(all.body.entry.map((e: { resource: Patient }) => e.resource.meta!.versionId)).toEqual(['3', '2', '1']);
    const since = await fhir('GET', `/Patient/${id}/_history?_since=${encodeURIComponent(v2.body.meta.lastUpdated)}`);
    expect(since.body.entry.map((e: { resource: Patient }) => e.resource.meta!.versionId)).toEqual(['3', '2']);
    expect((await fhir('GET', `/Patient/${id}/_history?_since=2999-01-01`)).body.entry).toEqual([]);
    expect((await fhir('GET', `/Patient/${id}/_history?_since=%3Cscript%3E`)).status).toBe(400);
    expect((await fhir('GET', `/Patient/nobody/_history`)).status).toBe(404);
  });
});
