import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClinicCentral, STAFF_PASSWORD, type ClinicCentral } from '../../test/fixtures/workstation/central-clinic.js';
import { openTestWorkstation } from '../../test/fixtures/workstation/open-test-workstation.js';

let clinic: ClinicCentral;
let t: Awaited<ReturnType<typeof openTestWorkstation>>;
let clock = new Date();
const call = (method: string, input: unknown = {}) => t.ws.handlers.call(method, input);

beforeAll(async () => {
  clinic = await startClinicCentral({ registers: false });
  t = await openTestWorkstation(clinic.url, { now: () => clock });
});
afterAll(async () => {
  await t?.close();
  await clinic?.close();
});

describe('enrolment', () => {
  it('starts not enrolled, and nobody can log in', async () => {
    expect(await call('session.status')).toMatchObject({ ok: true, value: { state: 'not-enrolled', clinic: null } });
    expect(await call('session.login', { username: 'lukashevich', password: STAFF_PASSWORD })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('is refused to anyone but a clinic administrator', async () => {
    await expect(t.ws.enrol({ username: 'registrar.p3', password: STAFF_PASSWORD, display: 'Регистратура' })).rejects.toThrow(/Only a clinic administrator/);
    await expect(t.ws.enrol({ username: 'admin.p3', password: 'wrong-password', display: 'Регистратура' })).rejects.toThrow(/incorrect/);
    expect(t.ws.enrolment()).toBeNull();
  });

  it('gives the workstation its own credential for the clinic, kept encrypted; the header shows the clinic', async () => {
    const summary = await t.ws.enrol({ username: 'admin.p3', password: STAFF_PASSWORD, display: 'Кабинет 214' });
    expect(summary).toMatchObject({ organizationId: clinic.organizationId, organizationName: 'Городская поликлиника №3', display: 'Кабинет 214' });
    expect(summary).not.toHaveProperty('deviceSecret');
    expect(t.ws.store().enrolment.get()!.deviceSecret).toMatch(/.{20,}/);
    expect(await call('session.status')).toMatchObject({ value: { state: 'signed-out', clinic: { id: clinic.organizationId, name: 'Городская поликлиника №3' } } });
    const { rows } = await clinic.central.ctx.db.query<{ display: string }>('SELECT display FROM device WHERE id = $1', [summary.deviceId]);
    expect(rows[0]?.display).toBe('Кабинет 214');
    await expect(t.ws.enrol({ username: 'admin.p3', password: STAFF_PASSWORD, display: 'again' })).rejects.toThrow(/already enrolled/);
  });
});

describe('login', () => {
  it('goes to Central the first time and keeps the offline verifier Central issues', async () => {
    const result = await call('session.login', { username: 'Lukashevich', password: STAFF_PASSWORD });
    expect(result).toMatchObject({ ok: true, value: { state: 'active', user: { username: 'lukashevich', role: 'doctor', displayName: 'Лукашевич О. И.' } } });
    const account = t.ws.store().staff.findByUsername('lukashevich')!;
    expect(account.profile).toMatchObject({ practitionerId: 'ws-doctor', organizationId: clinic.organizationId });
    expect(account.verifier.userId).toBe(clinic.users.doctor.id);
    expect(account.refreshToken).toBeTruthy();
    expect(await t.ws.session.accessToken()).toMatch(/^ey/);
  });

  it('works offline against the verifier, and refuses a wrong password or a person never seen here', async () => {
    // The program restarts while the network is down (the Central session was not ended).
    await t.ws.close();
    t.ws = await t.reopen();
    t.network.down = true;
    expect(await call('session.login', { username: 'lukashevich', password: 'not-the-password' })).toMatchObject({ ok: false, error: { code: 'unauthenticated', message: 'The user name or password is incorrect' } });
    expect(await call('session.login', { username: 'registrar.p3', password: STAFF_PASSWORD })).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/first login needs the network/) } });
    expect(await call('session.login', { username: 'lukashevich', password: STAFF_PASSWORD })).toMatchObject({ ok: true, value: { state: 'active', user: { role: 'doctor' } } });
    // No token while offline; the kept refresh token gets one when Central is back.
    expect(await t.ws.session.accessToken()).toBeNull();
    t.network.down = false;
    expect(await t.ws.session.accessToken()).toMatch(/^ey/);
  });

  it('ends the session at Central on logout, and forgets its refresh token here', async () => {
    await call('session.logout');
    await t.ws.session.loggedOutAtCentral();
    expect(t.ws.store().staff.findByUsername('lukashevich')!.refreshToken).toBeNull();
    const { rows } = await clinic.central.ctx.db.query<{ n: string }>('SELECT count(*) AS n FROM refresh_token WHERE subject = $1 AND revoked_at IS NULL AND rotated_at IS NULL', [clinic.users.doctor.id]);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('forgets the verifier of an account Central refuses, so it cannot log in offline either', async () => {
    await call('session.logout');
    await call('session.login', { username: 'registrar.p3', password: STAFF_PASSWORD });
    await call('session.logout');
    await clinic.central.ctx.db.query('UPDATE staff_user SET disabled_at = now() WHERE id = $1', [clinic.users.registrar.id]);
    expect(await call('session.login', { username: 'registrar.p3', password: STAFF_PASSWORD })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(t.ws.store().staff.findByUsername('registrar.p3')).toBeNull();
    t.network.down = true;
    expect(await call('session.login', { username: 'registrar.p3', password: STAFF_PASSWORD })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    t.network.down = false;
  });
});

describe('the lock', () => {
  it('closes the database and forgets its key; only the password of the person who locked it opens it again', async () => {
    await call('session.login', { username: 'lukashevich', password: STAFF_PASSWORD });
    expect(await call('session.lock')).toMatchObject({ ok: true, value: { state: 'locked', user: { username: 'lukashevich' }, clinic: { name: 'Городская поликлиника №3' } } });
    expect(t.ws.store).toThrow(/locked/);
    expect(await call('patients.search', { query: 'Иванов' })).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await call('session.unlock', { password: 'wrong password' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await call('session.unlock', { password: STAFF_PASSWORD })).toMatchObject({ ok: true, value: { state: 'active' } });
    expect(t.ws.store().enrolment.get()).not.toBeNull();
  });

  it('comes by itself after the idle time, and is put off by activity', async () => {
    await call('settings.set', { idleLockMinutes: 5 });
    clock = new Date(clock.getTime() + 4 * 60_000);
    await call('sync.status');
    clock = new Date(clock.getTime() + 4 * 60_000);
    t.ws.session.checkIdle();
    expect(t.ws.session.status().state).toBe('active');
    clock = new Date(clock.getTime() + 60_000);
    t.ws.session.checkIdle();
    expect(t.ws.session.status()).toMatchObject({ state: 'locked', idleLockSeconds: 300 });
  });

  it('lets another person take over a locked workstation (the key file opens the database again)', async () => {
    expect(t.ws.keySource).toBe('key-file');
    await clinic.central.ctx.db.query('UPDATE staff_user SET disabled_at = NULL WHERE id = $1', [clinic.users.registrar.id]);
    expect(await call('session.login', { username: 'registrar.p3', password: STAFF_PASSWORD })).toMatchObject({ ok: true, value: { state: 'active', user: { role: 'registrar' } } });
    expect(t.ws.store().staff.findByUsername('registrar.p3')).not.toBeNull();
  });

  it('throttles guessing at the workstation', async () => {
    await call('session.logout');
    t.network.down = true;
    for (let i = 0; i < 5; i++) await call('session.login', { username: 'lukashevich', password: `guess-${i}` });
    expect(await call('session.login', { username: 'lukashevich', password: STAFF_PASSWORD })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Too many wrong passwords/) } });
    clock = new Date(clock.getTime() + 61_000);
    expect(await call('session.login', { username: 'lukashevich', password: STAFF_PASSWORD })).toMatchObject({ ok: true });
    t.network.down = false;
  });
});
