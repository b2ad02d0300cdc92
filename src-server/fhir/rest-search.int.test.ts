import type { Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePersonalNumber } from '../../shared/domain/personal-number.js';
import { SYSTEMS } from '../../shared/fhir/systems.js';
import { fixtures } from '../../test/fixtures/fhir/index.js';
import { bearerFor, headersFor } from '../../test/support/auth.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { fhirClient, type FhirCall } from './testing.js';

let central: TestCentral;
let doctor: FhirCall;
let visit: { patientId: string; observationId: string };
let other: { patientId: string; observationId: string };

beforeAll(async () => {
  central = await startTestCentral();
  doctor = fhirClient(central, 'doctor');
  const answer = await doctor('POST', '', fixtures.transactionVisit());
  visit = { patientId: answer.body.entry[0].resource.id, observationId: answer.body.entry[3].resource.id };
  const zhuk = await doctor('POST', '/Patient', fixtures.patientZhuk());
  const hb = await doctor('POST', '/Observation', fixtures.hemoglobinFor(zhuk.body.id));
  other = { patientId: zhuk.body.id, observationId: hb.body.id };
  const families = ['Жуков', 'Жукова', 'Жуковский', 'Жураўлёў', 'Zhukau'];
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: families.map((family, i) => ({
      resource: { resourceType: 'Patient', name: [{ family }], identifier: [{ system: SYSTEMS.personalNumber, value: makePersonalNumber('1960-01-01', 'male', 'C', i) }] },
      request: { method: 'POST', url: 'Patient' },
    })),
  };
  expect((await doctor('POST', '', bundle)).status).toBe(200);
});
afterAll(async () => central?.close());

const auditCount = async () => Number((await central.ctx.db.query<{ n: number }>('SELECT count(*) AS n FROM audit_event')).rows[0]!.n);

describe('search over HTTP', () => {
  it('pages through next links that carry the query and work as given', async () => {
    const first = await doctor('GET', `/Patient?family=${encodeURIComponent('Жук')}&_count=2&_sort=family`);
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(5); // Жук, Жуков, Жукова, Жуковский, Zhukau; not Жураўлёў
    const families: string[] = first.body.entry.map((e: { resource: { name: { family: string }[] } }) => e.resource.name[0]!.family);
    let next = first.body.link.find((l: { relation: string }) => l.relation === 'next')?.url;
    while (next) {
      const page = await fetch(next, { headers: headersFor(central, 'doctor') }).then((r) => r.json());
      families.push(...page.entry.map((e: { resource: { name: { family: string }[] } }) => e.resource.name[0]!.family));
      next = page.link.find((l: { relation: string }) => l.relation === 'next')?.url;
    }
    expect(families).toEqual(['Zhukau', 'Жук', 'Жуков', 'Жукова', 'Жуковский']);
  });

  it('answers an unknown parameter with a 400 that names it', async () => {
    const answer = await doctor('GET', '/Patient?surname=x');
    expect(answer.status).toBe(400);
    expect(answer.body.issue[0].details.text).toContain("'surname'");
  });

  it('accepts POST _search with a form body', async () => {
    const answer = await doctor('POST', '/Observation/_search', `patient=${other.patientId}&code=718-7`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(answer.status).toBe(200);
    expect(answer.body.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([other.observationId]);
  });

  it('audits a search once per patient on the page', async () => {
    const before = await auditCount();
    await doctor('GET', `/Observation?patient=${visit.patientId},${other.patientId}`);
    expect((await auditCount()) - before).toBe(2);
  });
});

describe('who may search what', () => {
  it('a registrar searches patients but not clinical records', async () => {
    const registrar = fhirClient(central, 'registrar');
    expect((await registrar('GET', '/Patient?family=Жук')).status).toBe(200);
    const refused = await registrar('GET', `/Observation?patient=${visit.patientId}`);
    expect(refused.status).toBe(403);
    expect(refused.body.resourceType).toBe('OperationOutcome');
    const everything = await registrar('GET', `/Patient/${visit.patientId}/$everything`);
    expect(everything.body.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType)).toEqual(['Patient']);
  });

  it('a patient in the cabinet finds only their own record', async () => {
    const auth = bearerFor(central, { kind: 'patient', subject: `patient-${visit.patientId}`, display: 'Янка', roles: ['patient'], patientId: visit.patientId });
    const get = (path: string) => fetch(`${central.url}/fhir${path}`, { headers: auth }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const own = await get('/Observation');
    expect(own.body.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([visit.observationId]);
    expect((await get(`/Observation?patient=${other.patientId}`)).body.total).toBe(0);
    expect((await get('/Patient')).body.total).toBe(1);
    expect((await get(`/Observation/${other.observationId}`)).status).toBe(404);
    expect((await get(`/Observation/${visit.observationId}`)).status).toBe(200);
  });
});

describe('Patient/$everything', () => {
  it('returns the Patient first, then the compartment, paged', async () => {
    const first = await doctor('GET', `/Patient/${visit.patientId}/$everything?_count=2`);
    expect(first.body.total).toBe(5);
    expect(first.body.entry[0].resource.resourceType).toBe('Patient');
    const seen = first.body.entry.map((e: { resource: { id: string } }) => e.resource.id);
    let next = first.body.link.find((l: { relation: string }) => l.relation === 'next')?.url;
    while (next) {
      const page = await fetch(next, { headers: headersFor(central, 'doctor') }).then((r) => r.json());
      seen.push(...page.entry.map((e: { resource: { id: string } }) => e.resource.id));
      next = page.link.find((l: { relation: string }) => l.relation === 'next')?.url;
    }
    expect(new Set(seen).size).toBe(5);
    expect((await doctor('GET', '/Patient/nobody/$everything')).status).toBe(404);
  });
});
