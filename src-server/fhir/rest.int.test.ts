import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../../test/fixtures/fhir/index.js';
import { headersFor } from '../../test/support/auth.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { fhirClient, storeCounts, type FhirCall } from './testing.js';

let central: TestCentral;
/** A doctor: writes patients and clinical records, reads the directory. */
let fhir: FhirCall;
/** A clinic administrator: keeps the directory (practitioners, organizations, locations). */
let admin: FhirCall;
beforeAll(async () => {
  central = await startTestCentral();
  fhir = fhirClient(central, 'doctor');
  admin = fhirClient(central, 'clinic-admin');
});
afterAll(async () => central?.close());

describe('FHIR REST: create, read, vread, update, delete, history', () => {
  it('creates with a server id and answers 201 with Location, ETag and Last-Modified', async () => {
    const created = await fhir('POST', '/Patient', { ...fixtures.patientZhuk(), id: 'client-wish' });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body.meta.versionId).toBe('1');
    expect(created.headers.get('etag')).toBe('W/"1"');
    expect(created.headers.get('location')).toBe(`${central.url}/fhir/Patient/${created.body.id}/_history/1`);
    expect(created.headers.get('content-type')).toContain('application/fhir+json');
    expect(new Date(created.headers.get('last-modified')!).getTime()).toBeGreaterThan(0);

    const read = await fhir('GET', `/Patient/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.name[0].family).toBe('Жук');
    expect(read.body.meta.lastUpdated).toBe(created.body.meta.lastUpdated);
  });

  it('updates with If-Match, refuses a stale version with 412, and keeps every version', async () => {
    const { body: patient } = await fhir('POST', '/Patient', fixtures.patientKavaleuskaya());
    const v2 = await fhir('PUT', `/Patient/${patient.id}`, { ...patient, telecom: [{ system: 'phone', value: '+375 44 700-00-01' }] }, { 'if-match': 'W/"1"' });
    expect(v2.status).toBe(200);
    expect(v2.body.meta.versionId).toBe('2');
    expect(v2.headers.get('etag')).toBe('W/"2"');

    const before = await storeCounts(central);
    const stale = await fhir('PUT', `/Patient/${patient.id}`, { ...patient, gender: 'other' }, { 'if-match': 'W/"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.resourceType).toBe('OperationOutcome');
    expect(await storeCounts(central)).toEqual(before);

    const v1 = await fhir('GET', `/Patient/${patient.id}/_history/1`);
    expect(v1.status).toBe(200);
    expect(v1.body.telecom[0].value).toBe('+375 29 611-42-08');
    expect((await fhir('GET', `/Patient/${patient.id}/_history/3`)).status).toBe(404);

    const history = await fhir('GET', `/Patient/${patient.id}/_history`);
    expect(history.body.type).toBe('history');
    expect(history.body.entry.map((e: { resource: Patient }) => e.resource.meta?.versionId)).toEqual(['2', '1']);

    await fhir('DELETE', `/Patient/${patient.id}`);
  });

  it('update-as-create takes a client id; a mismatched or hostile id is a 400', async () => {
    const chosen = await admin('PUT', '/Practitioner/dr-hrynevich-1', { resourceType: 'Practitioner', id: 'dr-hrynevich-1', name: [{ family: 'Гриневич', given: ['Анна'] }] });
    expect(chosen.status).toBe(201);
    expect(chosen.body.meta.versionId).toBe('1');
    const again = await admin('PUT', '/Practitioner/dr-hrynevich-1', { resourceType: 'Practitioner', id: 'dr-hrynevich-1', name: [{ family: 'Гриневич', given: ['Анна', 'Петровна'] }] });
    expect(again.status).toBe(200);
    expect(again.body.meta.versionId).toBe('2');
    const mismatch = await admin('PUT', '/Practitioner/dr-other', { resourceType: 'Practitioner', id: 'dr-hrynevich-1' });
    expect(mismatch.status).toBe(400);
    const typeMismatch = await admin('PUT', '/Practitioner/dr-hrynevich-1', { resourceType: 'Organization', id: 'dr-hrynevich-1' });
    expect(typeMismatch.status).toBe(400);
  });

  it('deletes into history: read answers 410, history shows the deletion, a new PUT revives it', async () => {
    const { body: org } = await admin('POST', '/Organization', { resourceType: 'Organization', name: 'Городская поликлиника №7' });
    const deleted = await admin('DELETE', `/Organization/${org.id}`);
    expect(deleted.status).toBe(200);
    expect((await fhir('GET', `/Organization/${org.id}`)).status).toBe(410);
    const history = await fhir('GET', `/Organization/${org.id}/_history`);
    expect(history.body.entry).toHaveLength(2);
    expect(history.body.entry[0].request.method).toBe('DELETE');
    expect(history.body.entry[0].resource).toBeUndefined();
    expect((await fhir('GET', `/Organization/${org.id}/_history/2`)).status).toBe(410);
    expect((await admin('DELETE', `/Organization/does-not-exist`)).status).toBe(404);
    const revived = await admin('PUT', `/Organization/${org.id}`, { ...org, meta: undefined });
    expect(revived.status).toBe(201);
    expect(revived.body.meta.versionId).toBe('3');
  });

  it('type history honours _since and _count with a next link', async () => {
    const start = new Date(Date.now() - 1).toISOString();
    for (let i = 0; i < 3; i++) await admin('POST', '/Location', { resourceType: 'Location', name: `Кабинет ${100 + i}` });
    const page = await fhir('GET', `/Location/_history?_since=${encodeURIComponent(start)}&_count=2`);
    expect(page.status).toBe(200);
    expect(page.body.entry).toHaveLength(2);
    const next = page.body.link.find((l: { relation: string }) => l.relation === 'next');
    expect(next).toBeDefined();
    const rest = await fetch(next.url, { headers: headersFor(central, 'doctor') }).then((r) => r.json());
    expect(rest.entry).toHaveLength(1);
    const future = await fhir('GET', `/Location/_history?_since=2999-01-01T00:00:00Z`);
    expect(future.body.entry).toEqual([]);
    expect((await fhir('GET', `/Location/_history?_since=yesterday`)).status).toBe(400);
  });

  it('Prefer: return=minimal answers without a body', async () => {
    const created = await admin('POST', '/Location', { resourceType: 'Location', name: 'Процедурный кабинет' }, { prefer: 'return=minimal' });
    expect(created.status).toBe(201);
    expect(created.text).toBe('');
    expect(created.headers.get('location')).toMatch(/\/fhir\/Location\/[0-9a-f-]+\/_history\/1$/);
  });

  it('names the invalid field of a bad resource with a 400, and stores nothing', async () => {
    const before = await storeCounts(central);
    const bad = await fhir('POST', '/Patient', { resourceType: 'Patient', birthDate: '12.03.1984' });
    expect(bad.status).toBe(400);
    expect(bad.body.issue[0].expression).toEqual(['Patient.birthDate']);
    const missing = await fhir('POST', '/Observation', { resourceType: 'Observation', code: { text: 'x' } });
    expect(missing.status).toBe(400);
    expect(missing.body.issue[0].expression).toEqual(['Observation.status']);
    const unknown = await fhir('POST', '/Medication', { resourceType: 'Medication' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.issue[0].details.text).toContain('Medication');
    expect(await storeCounts(central)).toEqual(before);
  });
});
