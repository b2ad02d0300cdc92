import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/sync/version.js';
import { bearer, createCabinetAccount, storePatient, TEST_PASSWORD } from '../../test/support/accounts.js';
import { bearerFor } from '../../test/support/auth.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { client, isOutcome, type Client } from '../../test/support/http.js';
import { enrolDevice } from './devices.js';
import { REVOCATION_REFRESH_MS } from './revocations.js';
import { ATTEMPTS_PER_MINUTE, MAX_FAILURES } from './throttle.js';

/**
 * What login.int.test.ts and revocation.int.test.ts leave out: a stolen workstation's own token
 * (the one it syncs with, nobody logged in) stops at its next contact; a revocation written by
 * another Central process reaches this one within REVOCATION_REFRESH_MS; the cabinet's login and
 * the client-credentials endpoint are braked against guessing like the staff login.
 */
describe('revocation at the next contact, and brakes on every login', () => {
  let central: TestCentral;
  let http: Client;
  let clock = Date.now();
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    central = await startTestCentral();
    central.ctx.now = () => new Date(clock);
    http = client(central);
  });
  afterAll(() => central.close());

  it('cuts off a revoked workstation\'s own token at its next contact, and gives it no new one', async () => {
    const device = await enrolDevice(central.ctx.db, { organizationId: 'org-a', display: 'Ноутбук', enrolledBy: 'admin-a' }, central.ctx.now());
    const admin = bearerFor(central, { kind: 'user', subject: 'admin-a', display: 'Админ', roles: ['clinic-admin'], organizationId: 'org-a' });
    const issued = await http.post('/auth/token', new URLSearchParams({ grant_type: 'client_credentials', client_id: device.deviceId, client_secret: device.deviceSecret }));
    expect(issued.status).toBe(200);
    const token = bearer(issued.body.access_token);
    expect((await http.get('/auth/me', token)).body).toMatchObject({ kind: 'client', deviceId: device.deviceId });
    const pull = { protocolVersion: PROTOCOL_VERSION, clientId: device.deviceId, limit: 10 };
    const before = await http.post('/sync/pull', pull, { ...token, ...json });
    expect(before.status).toBe(200);

    expect((await http.post(`/auth/devices/${device.deviceId}/revoke`, undefined, admin)).status).toBe(200);
    for (const answer of [await http.get('/auth/me', token), await http.post('/sync/pull', pull, { ...token, ...json })]) {
      expect(answer.status).toBe(401);
      expect(JSON.stringify(answer.body)).toMatch(/no longer enrolled/);
    }
    const again = await http.post('/auth/token', new URLSearchParams({ grant_type: 'client_credentials', client_id: device.deviceId, client_secret: device.deviceSecret }));
    expect(again.status).toBe(401);
  });

  it('applies a revocation another Central process wrote (to the database only) within the refresh interval', async () => {
    const device = await enrolDevice(central.ctx.db, { organizationId: 'org-a', display: 'Ноутбук 2', enrolledBy: 'admin-a' }, central.ctx.now());
    const staff = bearerFor(central, { kind: 'user', subject: 'doc-x', display: 'Доктор', roles: ['doctor'], organizationId: 'org-a', deviceId: device.deviceId });
    expect((await http.get('/auth/me', staff)).status).toBe(200);
    await central.ctx.db.query(`UPDATE device SET revoked_at = now(), revoked_by = 'another process' WHERE id = $1`, [device.deviceId]);
    await new Promise((resolve) => setTimeout(resolve, REVOCATION_REFRESH_MS + 250));
    expect((await http.get('/auth/me', staff)).status).toBe(401);
  });

  it('locks a cabinet account after repeated wrong passwords, even for the right one, without telling real accounts from others', async () => {
    clock += 60 * 60_000;
    const patient = await storePatient(central, 'pat-lock');
    await createCabinetAccount(central, patient);
    const number = patient.identifier![0]!.value!;
    const attempt = (personalNumber: string, password: string) => http.post('/auth/patient-login', { personalNumber, password }, json);
    for (let i = 0; i < MAX_FAILURES; i++) expect((await attempt(number, `guess number ${i}`)).status).toBe(401);
    const locked = await attempt(number, TEST_PASSWORD);
    expect(locked.status).toBe(401);
    expect(JSON.stringify(locked.body)).toMatch(/locked/);
    // An unknown number is locked just the same after as many guesses.
    for (let i = 0; i < MAX_FAILURES; i++) await attempt('0000000A000PB0', `guess number ${i}`);
    expect((await attempt('0000000A000PB0', TEST_PASSWORD)).body).toEqual(locked.body);
  });

  it('refuses a flood of client-credential guesses from one address with 429', async () => {
    clock += 5 * 60_000;
    const answers = [];
    for (let i = 0; i <= ATTEMPTS_PER_MINUTE; i++) answers.push(await http.post('/auth/token', new URLSearchParams({ grant_type: 'client_credentials', client_id: `lab-${i}`, client_secret: 'guess' })));
    expect(answers.slice(0, ATTEMPTS_PER_MINUTE).every((answer) => answer.status === 401)).toBe(true);
    expect(answers.at(-1)!.status).toBe(429);
    expect(isOutcome(answers.at(-1)!.body)).toBe(true);
  });
});
