import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, login, TEST_PASSWORD } from '../../test/support/accounts.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { client, isOutcome, type Client } from '../../test/support/http.js';
import { ACCESS_TOKEN_SECONDS } from './tokens.js';
import { ATTEMPTS_PER_MINUTE, LOCK_MINUTES, MAX_FAILURES } from './throttle.js';

describe('staff login', () => {
  let central: TestCentral;
  let http: Client;
  let clock = Date.now();
  const json = { 'content-type': 'application/json' };
  const attempt = (username: string, password: string) => http.post('/auth/login', { username, password }, json);

  beforeAll(async () => {
    central = await startTestCentral();
    central.ctx.now = () => new Date(clock);
    http = client(central);
    await createUser(central, 'ivanova', 'doctor');
    await createUser(central, 'petrov', 'registrar');
  });
  afterAll(() => central.close());

  it('gives a short-lived bearer token and a refresh token that work', async () => {
    const session = await login(central, 'Ivanova');
    expect(session.expires_in).toBe(ACCESS_TOKEN_SECONDS);
    expect(ACCESS_TOKEN_SECONDS).toBeLessThanOrEqual(15 * 60);
    expect(session.refresh_token.length).toBeGreaterThan(30);
    const me = await http.get('/auth/me', { authorization: `Bearer ${session.access_token}` });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'user', roles: ['doctor'], organizationId: 'org-a' });
  });

  it('stops honouring the access token when it expires', async () => {
    const session = await login(central, 'ivanova');
    clock += (ACCESS_TOKEN_SECONDS + 1) * 1000;
    const me = await http.get('/auth/me', { authorization: `Bearer ${session.access_token}` });
    expect(me.status).toBe(401);
    expect(isOutcome(me.body)).toBe(true);
  });

  it('stores passwords as salted scrypt hashes, never in clear', async () => {
    const { rows } = await central.ctx.db.query<{ password_hash: string }>(`SELECT password_hash FROM staff_user ORDER BY username`);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
      expect(row.password_hash).not.toContain(TEST_PASSWORD);
    }
    expect(rows[0]!.password_hash).not.toBe(rows[1]!.password_hash);
  });

  it('answers a wrong password and an unknown name with the same 401', async () => {
    const wrong = await attempt('ivanova', 'not the password');
    const unknown = await attempt('nobody-here', 'not the password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(isOutcome(wrong.body)).toBe(true);
  });

  it('locks an account after repeated failures, even for the right password, then opens it again', async () => {
    clock += 60 * 60_000;
    for (let i = 0; i < MAX_FAILURES; i++) expect((await attempt('petrov', `guess ${i}`)).status).toBe(401);
    const locked = await attempt('petrov', TEST_PASSWORD);
    expect(locked.status).toBe(401);
    expect(JSON.stringify(locked.body)).toMatch(/locked/);
    clock += (LOCK_MINUTES + 1) * 60_000;
    expect((await attempt('petrov', TEST_PASSWORD)).status).toBe(200);
  });

  it('refuses a flood of attempts from one address with 429 before checking any password', async () => {
    clock += 5 * 60_000;
    const answers = [];
    for (let i = 0; i <= ATTEMPTS_PER_MINUTE; i++) answers.push(await attempt(`guess-${i}`, 'x'.repeat(8)));
    const last = answers.at(-1)!;
    expect(last.status).toBe(429);
    expect(isOutcome(last.body)).toBe(true);
    expect((await attempt('ivanova', TEST_PASSWORD)).status).toBe(429);
    clock += 61_000;
    expect((await attempt('ivanova', TEST_PASSWORD)).status).toBe(200);
  });

  it('lets successful logins through beyond the limit: a clinic behind one address starts its day', async () => {
    clock += 5 * 60_000;
    const answers = [];
    for (let i = 0; i < ATTEMPTS_PER_MINUTE + 5; i++) answers.push(await attempt('ivanova', TEST_PASSWORD));
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    // Failures still count in the same minute.
    for (let i = 0; i < ATTEMPTS_PER_MINUTE; i++) await attempt(`nobody-${i}`, 'x'.repeat(8));
    expect((await attempt('ivanova', TEST_PASSWORD)).status).toBe(429);
    clock += 61_000;
  });

  it('refuses a malformed body with a 400 that names the field and does not echo it', async () => {
    const answer = await http.post('/auth/login', { username: 'ivanova', password: '' }, json);
    expect(answer.status).toBe(400);
    expect(answer.body.issue[0].expression).toEqual(['password']);
  });
});
