import type { Bundle, BundleEntry, Encounter, Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePersonalNumber } from '../../shared/domain/personal-number.js';
import { SYSTEMS } from '../../shared/fhir/systems.js';
import { fixtures } from '../../test/fixtures/fhir/index.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { fhirClient, storeCounts, type FhirCall } from './testing.js';

let central: TestCentral;
let fhir: FhirCall;
beforeAll(async () => {
  central = await startTestCentral();
  fhir = fhirClient(central, 'doctor');
});
afterAll(async () => central?.close());

const statuses = (bundle: Bundle) => bundle.entry!.map((e) => e.response!.status);

describe('transaction bundles', () => {
  it('stores every entry, rewriting urn:uuid references to the ids it assigned', async () => {
    const answer = await fhir('POST', '', fixtures.transactionVisit());
    expect(answer.status).toBe(200);
    expect(answer.body.type).toBe('transaction-response');
    expect(statuses(answer.body)).toEqual(['201 Created', '201 Created', '201 Created', '201 Created', '201 Created']);
    const [patient, encounter, , observation] = answer.body.entry.map((e: BundleEntry) => e.resource);
    expect((encounter as Encounter).subject!.reference).toBe(`Patient/${patient.id}`);
    expect((observation as Observation).encounter!.reference).toBe(`Encounter/${encounter.id}`);
    const read = await fhir('GET', `/Observation/${observation.id}`);
    expect(read.body.subject.reference).toBe(`Patient/${patient.id}`);
    const everything = await fhir('GET', `/Patient/${patient.id}/$everything`);
    expect(everything.body.total).toBe(5);
  });

  it('is all or nothing: one bad entry refuses the lot, names the entry, stores nothing', async () => {
    const bundle = fixtures.transactionVisit();
    bundle.entry![0]!.resource = { ...bundle.entry![0]!.resource!, identifier: [{ system: SYSTEMS.personalNumber, value: makePersonalNumber('2015-06-30', 'male', 'B', 77) }] } as never;
    (bundle.entry![3]!.resource as Observation).status = 'not-a-status' as never;
    const before = await storeCounts(central);
    const answer = await fhir('POST', '', bundle);
    expect(answer.status).toBe(400);
    expect(answer.body.issue[0].expression[0]).toBe('Bundle.entry[3]');
    expect(await storeCounts(central)).toEqual(before);
  });

  it('rolls back entries already written when a later one fails in the database (a taken personal number)', async () => {
    const bundle = fixtures.transactionVisit(); // the same Patient as the first test: its number is taken
    const before = await storeCounts(central);
    const answer = await fhir('POST', '', bundle);
    expect(answer.status).toBe(409);
    expect(await storeCounts(central)).toEqual(before);
  });

  it('answers conditional creates inside a transaction with the match, and urn references follow it', async () => {
    const bundle = fixtures.transactionVisit();
    const number = (bundle.entry![0]!.resource as { identifier: { value: string }[] }).identifier[0]!.value;
    bundle.entry![0]!.request!.ifNoneExist = `identifier=${SYSTEMS.personalNumber}|${number}`;
    const answer = await fhir('POST', '/', bundle);
    expect(answer.status).toBe(200);
    expect(answer.body.entry[0].response.status).toBe('200 OK');
    const patientId = answer.body.entry[0].resource.id;
    expect(answer.body.entry[1].resource.subject.reference).toBe(`Patient/${patientId}`);
    expect((await fhir('GET', `/Encounter?patient=${patientId}`)).body.total).toBe(2);
  });
});

describe('batch bundles', () => {
  it('processes each entry on its own: the good are stored, the bad answered with their outcome', async () => {
    const { body: patient } = await fhir('POST', '/Patient', fixtures.patientZhuk());
    const batch: Bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { resource: fixtures.hemoglobinFor(patient.id), request: { method: 'POST', url: 'Observation' } },
        { resource: { resourceType: 'Observation', status: 'final' } as Observation, request: { method: 'POST', url: 'Observation' } },
        { request: { method: 'GET', url: `Patient/${patient.id}` } },
        { request: { method: 'GET', url: `Observation?patient=${patient.id}` } },
        { request: { method: 'DELETE', url: 'Observation/nobody' } },
      ],
    };
    const answer = await fhir('POST', '/', batch);
    expect(answer.body.type).toBe('batch-response');
    expect(statuses(answer.body)).toEqual(['201 Created', '400 Bad Request', '200 OK', '200 OK', '404 Not Found']);
    expect(answer.body.entry[1].response.outcome.issue[0].expression[0]).toBe('Bundle.entry[1]');
    expect(answer.body.entry[3].resource.total).toBe(1);
  });
});

describe('both JSON media types, both base paths', () => {
  for (const type of ['application/fhir+json', 'application/json', 'application/fhir+json; charset=utf-8']) {
    it(`accepts ${type} for a resource and for a bundle`, async () => {
      const patient = { ...fixtures.patientKavaleuskaya(), identifier: [{ system: SYSTEMS.personalNumber, value: makePersonalNumber('1984-03-12', 'female', 'H', 100 + type.length) }] };
      const created = await fhir('POST', '/Patient', JSON.stringify(patient), { 'content-type': type });
      expect(created.status).toBe(201);
      const bundle = { resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'GET', url: `Patient/${created.body.id}` } }] };
      for (const base of ['', '/']) {
        const answer = await fhir('POST', base, JSON.stringify(bundle), { 'content-type': type });
        expect(answer.status).toBe(200);
        expect(answer.headers.get('content-type')).toContain('application/fhir+json');
        expect(answer.body.entry[0].resource.id).toBe(created.body.id);
      }
    });
  }
});
