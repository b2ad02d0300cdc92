import type { Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createUser, login, storePatient } from '../../test/support/accounts.js';
import { headersFor } from '../../test/support/auth.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { client, isOutcome, type Client } from '../../test/support/http.js';
import { writeResources } from '../fhir/write.js';

describe('who may call what', () => {
  let central: TestCentral;
  let http: Client;
  let registrar: Record<string, string>;

  beforeAll(async () => {
    central = await startTestCentral();
    http = client(central);
    await storePatient(central, 'pat-1');
    const observation: Observation & { id: string } = { resourceType: 'Observation', id: 'obs-1', status: 'final', code: { text: 'Гемоглобин' }, subject: { reference: 'Patient/pat-1' } };
    await central.ctx.db.transaction((tx) => writeResources(tx, [{ kind: 'create', resource: observation }], new Date()));
    await createUser(central, 'registrar-a', 'registrar');
    registrar = bearer((await login(central, 'registrar-a')).access_token);
  });
  afterAll(() => central.close());

  it('answers /fhir/metadata to anyone, and every other FHIR call only with a token (401 OperationOutcome)', async () => {
    expect((await http.get('/fhir/metadata')).status).toBe(200);
    const calls = [
      http.get('/fhir/Patient'),
      http.get('/fhir/Patient/pat-1'),
      http.get('/fhir/Patient/pat-1/_history'),
      http.get('/fhir/Patient/pat-1/$everything'),
      http.get('/fhir/Observation?patient=pat-1'),
      http.get('/fhir/AuditEvent'),
      http.get('/fhir/_changes'),
      http.post('/fhir/Patient', { resourceType: 'Patient' }),
      http.put('/fhir/Patient/pat-1', { resourceType: 'Patient', id: 'pat-1' }),
      http.delete('/fhir/Patient/pat-1'),
      http.post('/fhir', { resourceType: 'Bundle', type: 'batch', entry: [] }),
      http.get('/terminology/icd10?q=J06'),
    ];
    for (const answer of await Promise.all(calls)) {
      expect(answer.status).toBe(401);
      expect(isOutcome(answer.body)).toBe(true);
      expect(answer.headers.get('content-type')).toMatch(/application\/fhir\+json/);
    }
  });

  it('lets a registrar read and search patients', async () => {
    expect((await http.get('/fhir/Patient/pat-1', registrar)).status).toBe(200);
    const found = await http.get('/fhir/Patient?family=Ковалевская', registrar);
    expect(found.status).toBe(200);
    expect(found.body.entry).toHaveLength(1);
  });

  it('refuses a registrar every clinical resource with a 403 OperationOutcome', async () => {
    for (const path of ['/fhir/Observation/obs-1', '/fhir/Observation?patient=pat-1', '/fhir/Condition?patient=pat-1', '/fhir/Encounter', '/fhir/Observation/obs-1/_history']) {
      const answer = await http.get(path, registrar);
      expect(answer.status, path).toBe(403);
      expect(isOutcome(answer.body)).toBe(true);
    }
    const everything = await http.get('/fhir/Patient/pat-1/$everything', registrar);
    expect(everything.status).toBe(200);
    expect(everything.body.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType)).toEqual(['Patient']);
  });

  it('refuses forged, tampered, expired and alg:none tokens', async () => {
    const good = headersFor(central, 'doctor').authorization!.slice('Bearer '.length);
    const [head, body, signature] = good.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forge = (changes: object) => Buffer.from(JSON.stringify({ ...claims, ...changes })).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const tokens = [
      `${head}.${forge({ rol: ['privacy-officer'] })}.${signature}`,
      `${none}.${body}.`,
      `${none}.${forge({ exp: claims.exp + 3600 })}.${signature}`,
      `${head}.${forge({ exp: Math.floor(Date.now() / 1000) - 10 })}.${signature}`,
      'not-a-token',
      `${good}x`,
    ];
    for (const token of tokens) {
      const answer = await http.get('/fhir/Patient/pat-1', bearer(token));
      expect(answer.status).toBe(401);
      expect(isOutcome(answer.body)).toBe(true);
    }
    expect((await http.get('/fhir/Patient/pat-1', bearer(good))).status).toBe(200);
  });
});
