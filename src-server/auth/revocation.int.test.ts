import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createUser, login, storePatient } from '../../test/support/accounts.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { client, isOutcome, type Client } from '../../test/support/http.js';

describe('workstation enrolment, revocation and disabled users', () => {
  let central: TestCentral;
  let http: Client;
  let admin: string;
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    central = await startTestCentral();
    http = client(central);
    await createUser(central, 'admin-a', 'clinic-admin', 'org-a');
    await createUser(central, 'admin-b', 'clinic-admin', 'org-b');
    await createUser(central, 'doctor-a', 'doctor', 'org-a');
    await createUser(central, 'nurse-a', 'nurse', 'org-a');
    await storePatient(central, 'pat-1');
    admin = (await login(central, 'admin-a')).access_token;
  });
  afterAll(() => central.close());

  const enrol = async (token: string) => http.post('/auth/devices', { display: 'Кабинет 214' }, { ...json, ...bearer(token) });

  it('lets a clinic administrator enrol a workstation, and nobody else', async () => {
    const doctor = (await login(central, 'doctor-a')).access_token;
    const refused = await enrol(doctor);
    expect(refused.status).toBe(403);
    expect(isOutcome(refused.body)).toBe(true);
    const enrolled = await enrol(admin);
    expect(enrolled.status).toBe(201);
    expect(enrolled.body).toMatchObject({ deviceId: expect.stringMatching(/^device-/), deviceSecret: expect.any(String), organizationId: 'org-a' });
    expect(enrolled.headers.get('cache-control')).toBe('no-store');
  });

  it('logs staff in through an enrolled workstation, and refuses another clinic or a wrong secret', async () => {
    const device = (await enrol(admin)).body;
    const session = await login(central, 'doctor-a', undefined, { deviceId: device.deviceId, deviceSecret: device.deviceSecret });
    expect(session.user.deviceId).toBe(device.deviceId);
    const wrong = await http.post('/auth/login', { username: 'doctor-a', password: 'correct horse battery staple', deviceId: device.deviceId, deviceSecret: 'nope' }, json);
    expect(wrong.status).toBe(401);
    await createUser(central, 'doctor-b', 'doctor', 'org-b');
    const otherClinic = await http.post('/auth/login', { username: 'doctor-b', password: 'correct horse battery staple', ...device }, json);
    expect(otherClinic.status).toBe(403);
  });

  it('cuts a revoked workstation off at its next contact: its tokens, its refresh, its logins', async () => {
    const device = (await enrol(admin)).body;
    const session = await login(central, 'doctor-a', undefined, { deviceId: device.deviceId, deviceSecret: device.deviceSecret });
    expect((await http.get('/fhir/Patient/pat-1', bearer(session.access_token))).status).toBe(200);

    const otherAdmin = (await login(central, 'admin-b')).access_token;
    expect((await http.post(`/auth/devices/${device.deviceId}/revoke`, undefined, bearer(otherAdmin))).status).toBe(404);
    const revoked = await http.post(`/auth/devices/${device.deviceId}/revoke`, undefined, bearer(admin));
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));

    const read = await http.get('/fhir/Patient/pat-1', bearer(session.access_token));
    expect(read.status).toBe(401);
    expect(JSON.stringify(read.body)).toMatch(/no longer enrolled/);
    expect((await http.post('/auth/refresh', { refresh_token: session.refresh_token }, json)).status).toBe(401);
    const again = await http.post('/auth/login', { username: 'doctor-a', password: 'correct horse battery staple', ...device }, json);
    expect(again.status).toBe(401);
    const listed = await http.get('/auth/devices', bearer(admin));
    expect(listed.body.devices.find((d: { id: string }) => d.id === device.deviceId).revokedAt).toEqual(expect.any(String));
  });

  it('ends a disabled user at once: tokens refused, refresh and login refused', async () => {
    const nurse = await login(central, 'nurse-a');
    const me = (await http.get('/auth/me', bearer(nurse.access_token))).body;
    expect((await http.post(`/auth/users/${me.id}/disable`, undefined, bearer((await login(central, 'doctor-a')).access_token))).status).toBe(403);
    const disabled = await http.post(`/auth/users/${me.id}/disable`, undefined, bearer(admin));
    expect(disabled.status).toBe(200);
    expect((await http.get('/fhir/Patient/pat-1', bearer(nurse.access_token))).status).toBe(401);
    expect((await http.post('/auth/refresh', { refresh_token: nurse.refresh_token }, json)).status).toBe(401);
    expect((await http.post('/auth/login', { username: 'nurse-a', password: 'correct horse battery staple' }, json)).status).toBe(401);
  });

  it('answers an unknown or foreign workstation or user without echoing the id it was given', async () => {
    for (const path of ['/auth/devices/probe.ECHO-1@x/revoke', '/auth/users/probe.ECHO-1@x/disable']) {
      const answer = await http.post(path, undefined, bearer(admin));
      expect(answer.status, path).toBe(404);
      expect(isOutcome(answer.body)).toBe(true);
      expect(JSON.stringify(answer.body), path).not.toContain('ECHO-1');
    }
  });
});
