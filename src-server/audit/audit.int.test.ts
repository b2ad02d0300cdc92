import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createCabinetAccount, createUser, login, storePatient, TEST_PASSWORD } from '../../test/support/accounts.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { client, isOutcome, type Client } from '../../test/support/http.js';

describe('the audit trail', () => {
  let central: TestCentral;
  let http: Client;
  let doctor: { token: Record<string, string>; userId: string; deviceId: string };
  let officer: Record<string, string>;
  const json = { 'content-type': 'application/json' };
  const count = async (patientId: string) => (await central.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE patient_id = $1`, [patientId])).rows[0]!.n;

  beforeAll(async () => {
    central = await startTestCentral();
    http = client(central);
    for (const id of ['pat-1', 'pat-2', 'pat-3']) await storePatient(central, id, id === 'pat-3' ? 'Жук' : 'Ковалевская');
    await createUser(central, 'admin-a', 'clinic-admin');
    await createUser(central, 'doctor-a', 'doctor');
    await createUser(central, 'privacy-a', 'privacy-officer');
    await createUser(central, 'privacy-b', 'privacy-officer', 'org-b');
    const device = (await http.post('/auth/devices', { display: 'Кабинет 214' }, { ...json, ...bearer((await login(central, 'admin-a')).access_token) })).body;
    const session = await login(central, 'doctor-a', TEST_PASSWORD, { deviceId: device.deviceId, deviceSecret: device.deviceSecret });
    doctor = { token: bearer(session.access_token), userId: session.user.id, deviceId: device.deviceId };
    officer = bearer((await login(central, 'privacy-a')).access_token);
  });
  afterAll(() => central.close());

  it('records every read of a patient once: who, which patient, when by Central\'s clock, from which workstation', async () => {
    const before = await count('pat-1');
    const started = Date.now();
    expect((await http.get('/fhir/Patient/pat-1', doctor.token)).status).toBe(200);
    expect(await count('pat-1')).toBe(before + 1);
    const { rows } = await central.ctx.db.query<{ agent_subject: string; device_id: string; recorded: Date; content: { action: string; entity: { what?: { reference: string } }[] } }>(
      `SELECT agent_subject, device_id, recorded, content FROM audit_event WHERE patient_id = 'pat-1' ORDER BY seq DESC LIMIT 1`,
    );
    const event = rows[0]!;
    expect(event.agent_subject).toBe(doctor.userId);
    expect(event.device_id).toBe(doctor.deviceId);
    expect(new Date(event.recorded).getTime()).toBeGreaterThanOrEqual(started - 1000);
    expect(event.content.action).toBe('R');
    expect(event.content.entity[0]!.what!.reference).toBe('Patient/pat-1');
  });

  it('records a search once per patient it returned', async () => {
    const [one, two, three] = [await count('pat-1'), await count('pat-2'), await count('pat-3')];
    const found = await http.get('/fhir/Patient?family=Ковалевская', doctor.token);
    expect(found.body.entry).toHaveLength(2);
    expect([await count('pat-1'), await count('pat-2'), await count('pat-3')]).toEqual([one + 1, two + 1, three]);
  });

  it('lets the privacy officer search by user, by patient and by period', async () => {
    const byUser = await http.get(`/fhir/AuditEvent?agent=${doctor.userId}`, officer);
    expect(byUser.status).toBe(200);
    expect(byUser.body.entry.length).toBeGreaterThanOrEqual(3);
    expect(byUser.body.entry.every((e: { resource: { agent: { who: { display: string } }[] } }) => e.resource.agent[0]!.who.display === 'Test doctor-a')).toBe(true);
    const byPatient = await http.get('/fhir/AuditEvent?patient=Patient/pat-3', officer);
    expect(byPatient.body.entry).toHaveLength(0);
    const today = new Date().toISOString().slice(0, 10);
    const inPeriod = await http.get(`/fhir/AuditEvent?patient=pat-1&date=ge${today}&date=le${today}`, officer);
    expect(inPeriod.body.entry.length).toBeGreaterThanOrEqual(2);
    const longAgo = await http.get('/fhir/AuditEvent?patient=pat-1&date=lt2000-01-01', officer);
    expect(longAgo.body.entry).toHaveLength(0);
    // Another clinic's privacy officer sees none of this clinic's staff.
    const other = await http.get(`/fhir/AuditEvent?agent=${doctor.userId}`, bearer((await login(central, 'privacy-b')).access_token));
    expect(other.body.entry).toHaveLength(0);
    expect((await http.get('/fhir/AuditEvent?agent=x&unknown=1', officer)).status).toBe(400);
    // By the user's name as well as their id: the login name, or any part of the name, in any case.
    const byUsername = await http.get('/fhir/AuditEvent?agent=doctor-a', officer);
    expect(byUsername.body.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual(byUser.body.entry.map((e: { resource: { id: string } }) => e.resource.id));
    const byName = await http.get(`/fhir/AuditEvent?agent-name=${encodeURIComponent('DOCTOR-A')}&patient=pat-1`, officer);
    expect(byName.body.entry.length).toBeGreaterThanOrEqual(1);
    expect(byName.body.entry.every((e: { resource: { agent: { who: { display: string } }[] } }) => e.resource.agent[0]!.who.display === 'Test doctor-a')).toBe(true);
    expect((await http.get('/fhir/AuditEvent?agent-name=nobody-at-all', officer)).body.entry).toHaveLength(0);
    // LIKE's wildcards in a name are taken as themselves.
    expect((await http.get(`/fhir/AuditEvent?agent-name=${encodeURIComponent('%_')}`, officer)).body.entry).toHaveLength(0);
    // FHIR's POST _search answers the same.
    const posted = await http.post('/fhir/AuditEvent/_search', new URLSearchParams({ agent: doctor.userId }), officer);
    expect(posted.body.entry.length).toBe(byUser.body.entry.length);
  });

  it('shows the privacy officer anyone\'s accesses to the clinic\'s attached patients, other institutions\' included, and nothing of other institutions about patients unrelated to the clinic', async () => {
    await storePatient(central, 'pat-5', 'Лапко');
    await storePatient(central, 'pat-6', 'Лапко', 'org-b');
    await createUser(central, 'doctor-b', 'doctor', 'org-b');
    const session = await login(central, 'doctor-b');
    const elsewhere = bearer(session.access_token);
    // The other clinic's doctor opens this clinic's patient by breaking the glass, and one of their own.
    expect((await http.get('/fhir/Patient/pat-5', { ...elsewhere, 'x-break-glass-reason': encodeURIComponent('Обращение в приёмный покой') })).status).toBe(200);
    expect((await http.get('/fhir/Patient/pat-6', elsewhere)).status).toBe(200);
    const { rows } = await central.ctx.db.query<{ id: string; patient_id: string }>(`SELECT id, patient_id FROM audit_event WHERE agent_subject = $1 ORDER BY seq`, [session.user.id]);
    const [ours, theirs] = [rows.find((row) => row.patient_id === 'pat-5')!.id, rows.find((row) => row.patient_id === 'pat-6')!.id];
    const ids = (answer: { body: { entry?: { resource: { id: string } }[] } }) => (answer.body.entry ?? []).map((entry) => entry.resource.id);

    expect(ids(await http.get(`/fhir/AuditEvent?agent=${session.user.id}`, officer))).toEqual([ours]);
    expect(ids(await http.get('/fhir/AuditEvent?patient=pat-5', officer))).toContain(ours);
    expect(ids(await http.get('/fhir/AuditEvent?patient=pat-6', officer))).toEqual([]);
    expect((await http.get(`/fhir/AuditEvent/${ours}`, officer)).status).toBe(200);
    expect((await http.get(`/fhir/AuditEvent/${theirs}`, officer)).status).toBe(404);
    // The other clinic's officer sees both accesses of their own staff.
    const otherOfficer = bearer((await login(central, 'privacy-b')).access_token);
    expect(new Set(ids(await http.get(`/fhir/AuditEvent?agent=${session.user.id}`, otherOfficer)))).toEqual(new Set([ours, theirs]));
  });

  it('refuses every attempt to change or delete an audit record, through any API and in the database', async () => {
    const { rows } = await central.ctx.db.query<{ id: string }>(`SELECT id FROM audit_event LIMIT 1`);
    const id = rows[0]!.id;
    const total = async () => (await central.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event`)).rows[0]!.n;
    const before = await total();
    const admin = bearer((await login(central, 'admin-a')).access_token);
    const patch = (path: string, token: Record<string, string>) => fetch(`${central.url}${path}`, { method: 'PATCH', headers: { ...token, 'content-type': 'application/json' }, body: '[]' });
    for (const token of [officer, admin, doctor.token]) {
      const answers = [
        await http.post('/fhir/AuditEvent', { resourceType: 'AuditEvent' }, token),
        await http.put(`/fhir/AuditEvent/${id}`, { resourceType: 'AuditEvent', id }, token),
        await http.delete(`/fhir/AuditEvent/${id}`, token),
        // Conditional update and delete name the records by search parameters.
        await http.put('/fhir/AuditEvent?patient=pat-1', { resourceType: 'AuditEvent' }, token),
        await http.delete('/fhir/AuditEvent?patient=pat-1', token),
        await http.delete(`/fhir/AuditEvent/${id}/_history/1`, token),
      ];
      const patched = await patch(`/fhir/AuditEvent/${id}`, token);
      expect(patched.status).toBe(403);
      for (const answer of answers) {
        expect(answer.status).toBe(403);
        expect(isOutcome(answer.body)).toBe(true);
      }
      // Nor through a bundle, whatever its type or method.
      for (const type of ['transaction', 'batch']) {
        const entries = [
          { request: { method: 'DELETE', url: `AuditEvent/${id}` } },
          { request: { method: 'PUT', url: `AuditEvent/${id}` }, resource: { resourceType: 'AuditEvent', id } },
          { request: { method: 'POST', url: 'AuditEvent' }, resource: { resourceType: 'AuditEvent' } },
        ];
        const bundle = await http.post('/fhir', { resourceType: 'Bundle', type, entry: entries }, token);
        if (type === 'transaction') expect(bundle.status).toBe(403);
        else expect(bundle.body.entry.map((e: { response: { status: string } }) => e.response.status)).toEqual(['403 Forbidden', '403 Forbidden', '403 Forbidden']);
        expect(JSON.stringify(bundle.body)).toMatch(/Audit records cannot be created, changed or deleted/);
      }
    }
    await expect(central.ctx.db.query(`UPDATE audit_event SET agent_subject = 'someone-else' WHERE id = $1`, [id])).rejects.toThrow(/cannot be changed or deleted/);
    await expect(central.ctx.db.query(`DELETE FROM audit_event WHERE id = $1`, [id])).rejects.toThrow(/cannot be changed or deleted/);
    await expect(central.ctx.db.query(`TRUNCATE audit_event`)).rejects.toThrow(/cannot be changed or deleted/);
    // Reading the trail is itself audited, so the count may only have grown.
    expect(await total()).toBeGreaterThanOrEqual(before);
    expect((await central.ctx.db.query(`SELECT 1 FROM audit_event WHERE id = $1 AND agent_subject <> 'someone-else'`, [id])).rows).toHaveLength(1);
  });

  it('shows a patient in the cabinet who opened their record, from which institution, without their own views or addresses', async () => {
    const patient = await storePatient(central, 'pat-4', 'Новик');
    await createCabinetAccount(central, patient);
    await http.get('/fhir/Patient/pat-4', doctor.token);
    const session = await http.post('/auth/patient-login', { personalNumber: patient.identifier![0]!.value, password: TEST_PASSWORD }, json);
    expect(session.status).toBe(200);
    const mine = bearer(session.body.access_token);
    await http.get('/fhir/Patient/pat-4', mine);
    const seen = await http.get('/fhir/AuditEvent', mine);
    expect(seen.status).toBe(200);
    expect(seen.body.entry).toHaveLength(1);
    const event = seen.body.entry[0].resource;
    expect(event.agent[0].who.display).toBe('Test doctor-a');
    expect(event.agent[0].location.reference).toBe('Organization/org-a');
    expect(JSON.stringify(event)).not.toMatch(/127\.0\.0\.1|device-/);
    expect((await http.get('/fhir/AuditEvent?patient=pat-1', mine)).status).toBe(403);
  });
});
