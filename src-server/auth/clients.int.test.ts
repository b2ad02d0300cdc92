import type { Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, storePatient } from '../../test/support/accounts.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { client, isOutcome, type Client } from '../../test/support/http.js';
import { registerClient, revokeClient } from './clients.js';
import { revocationsFor } from './revocations.js';

describe('institution clients (client_credentials)', () => {
  let central: TestCentral;
  let http: Client;
  let secret: string;

  beforeAll(async () => {
    central = await startTestCentral();
    http = client(central);
    secret = (await registerClient(central.ctx.db, { clientId: 'lab-1', organizationId: 'org-lab', display: 'Лаборатория' })).clientSecret;
    await storePatient(central, 'pat-1');
  });
  afterAll(() => central.close());

  const form = (id: string, s: string) => new URLSearchParams({ grant_type: 'client_credentials', client_id: id, client_secret: s });

  it('issues a token for the client id and secret, sent as a form or as HTTP Basic', async () => {
    const byForm = await http.post('/auth/token', form('lab-1', secret));
    expect(byForm.status).toBe(200);
    expect(byForm.body).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
    expect(byForm.body.refresh_token).toBeUndefined();
    const basic = Buffer.from(`lab-1:${secret}`).toString('base64');
    const byBasic = await http.post('/auth/token', new URLSearchParams({ grant_type: 'client_credentials' }), { authorization: `Basic ${basic}` });
    expect(byBasic.status).toBe(200);
    const me = await http.get('/auth/me', bearer(byBasic.body.access_token));
    expect(me.body).toMatchObject({ kind: 'client', roles: ['institution'], organizationId: 'org-lab' });
  });

  it('lets the laboratory send results but not read the audit trail', async () => {
    const token = (await http.post('/auth/token', form('lab-1', secret))).body.access_token;
    const observation: Observation = { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '718-7' }] }, subject: { reference: 'Patient/pat-1' }, valueQuantity: { value: 132, unit: 'g/L' } };
    expect((await http.post('/fhir/Observation', observation, bearer(token))).status).toBe(201);
    const audit = await http.get('/fhir/AuditEvent', bearer(token));
    expect(audit.status).toBe(403);
    expect(isOutcome(audit.body)).toBe(true);
  });

  it('refuses a wrong secret, an unknown client and a revoked one alike', async () => {
    const wrong = await http.post('/auth/token', form('lab-1', 'wrong-secret'));
    const unknown = await http.post('/auth/token', form('lab-9', secret));
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    const token = (await http.post('/auth/token', form('lab-1', secret))).body.access_token;
    await revokeClient(central.ctx.db, 'lab-1', new Date());
    // What the request hook does once the list is older than REVOCATION_REFRESH_MS.
    await revocationsFor(central.ctx.db).reload();
    expect((await http.post('/auth/token', form('lab-1', secret))).status).toBe(401);
    expect((await http.get('/fhir/Patient/pat-1', bearer(token))).status).toBe(401);
  });

  it('refuses a grant type other than client_credentials', async () => {
    const answer = await http.post('/auth/token', new URLSearchParams({ grant_type: 'password', client_id: 'lab-1', client_secret: secret }));
    expect(answer.status).toBe(400);
    expect(isOutcome(answer.body)).toBe(true);
  });
});
