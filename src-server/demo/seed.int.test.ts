import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, login } from '../../test/support/accounts.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { client, type Client } from '../../test/support/http.js';
import { seedDemo } from './seed.js';
import { minskDate } from './time.js';

describe('npm run server -- --demo', () => {
  let central: TestCentral;
  let http: Client;
  const password = 'demo-password-1';
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    central = await startTestCentral({ demo: true, demoPatients: 12, demoPassword: password });
    http = client(central);
    // The start writes a dozen patients' whole records and books their appointments.
  }, 600_000);
  afterAll(() => central.close());

  it('creates the region on first start and says who can log in', () => {
    const demo = central.startup.demo!;
    expect(demo).toMatchObject({ created: true, patients: 12, password, passwordGenerated: false });
    expect(demo.written).toBeGreaterThan(12 * 20);
    expect(demo.appointments).toBeGreaterThan(10);
    expect(demo.users.map((u) => u.username)).toEqual(expect.arrayContaining(['doctor', 'nurse', 'registrar', 'admin', 'privacy', 'private-doctor', 'private-registrar', 'private-admin']));
    expect(demo.client.clientId).toBe('demo-laboratory');
    expect(demo.cabinet).toHaveLength(3);
  });

  it('lets the demo staff log in and the doctor see the polyclinic\'s patients with their histories', async () => {
    const doctor = bearer((await login(central, 'doctor', password)).access_token);
    const patients = await http.get('/fhir/Patient?_count=50', doctor);
    expect(patients.status).toBe(200);
    expect(patients.body.entry).toHaveLength(12);
    const someone = patients.body.entry[0].resource;
    const everything = await http.get(`/fhir/Patient/${someone.id}/$everything?_count=1000`, doctor);
    const types = new Set(everything.body.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType));
    expect(types).toContain('Encounter');
    const registrar = bearer((await login(central, 'registrar', password)).access_token);
    expect((await http.get(`/fhir/Observation?patient=${someone.id}`, registrar)).status).toBe(403);
  });

  it('books the doctors\' days, today and tomorrow included, through scheduling\'s ledger', async () => {
    const today = minskDate(new Date());
    const { rows } = await central.ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM slot_booking b JOIN schedule_slot s USING (slot_id) WHERE b.released_at IS NULL AND s.start_at < ($1::date + 3)::timestamptz`,
      [today],
    );
    expect(rows[0]!.n).toBeGreaterThan(5);
    const { rows: slots } = await central.ctx.db.query<{ n: number }>(`SELECT count(DISTINCT schedule_id)::int AS n FROM schedule_slot`);
    expect(slots[0]!.n).toBeGreaterThanOrEqual(6);
  });

  it('gives the laboratory client and the cabinet patients working logins', async () => {
    const demo = central.startup.demo!;
    const token = await http.post('/auth/token', new URLSearchParams({ grant_type: 'client_credentials', client_id: demo.client.clientId, client_secret: demo.client.clientSecret }));
    expect(token.status).toBe(200);
    const cabinet = await http.post('/auth/patient-login', { personalNumber: demo.cabinet[0]!.personalNumber, password }, json);
    expect(cabinet.status).toBe(200);
  });

  it('changes nothing on a later start but the password, and adds only what is missing when the demo grows', async () => {
    const again = await seedDemo(central.ctx, { patients: 12, seed: 1, password: 'another-password' });
    expect(again).toMatchObject({ created: false, patients: 12, written: 0, appointments: 0 });
    expect((await http.post('/auth/login', { username: 'nurse', password }, json)).status).toBe(401);
    expect((await http.post('/auth/login', { username: 'nurse', password: 'another-password' }, json)).status).toBe(200);
    const grown = await seedDemo(central.ctx, { patients: 14, seed: 1, password: 'another-password' });
    expect(grown.patients).toBe(14);
    expect(grown.written).toBeGreaterThan(0);
    const { rows } = await central.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM resource WHERE resource_type = 'Patient'`);
    expect(rows[0]!.n).toBe(14);
  });

  it('refuses a demo password too short to be one', async () => {
    await expect(seedDemo(central.ctx, { patients: 1, seed: 1, password: 'short' })).rejects.toThrow(/MEDKARTA_DEMO_PASSWORD/);
  });
});
