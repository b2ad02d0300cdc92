import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createUser, login } from '../../test/support/accounts.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { client, isOutcome, type Client } from '../../test/support/http.js';

describe('refresh tokens', () => {
  let central: TestCentral;
  let http: Client;
  const refresh = (token: string) => http.post('/auth/refresh', { refresh_token: token }, { 'content-type': 'application/json' });

  beforeAll(async () => {
    central = await startTestCentral();
    http = client(central);
    await createUser(central, 'ivanova', 'doctor');
  });
  afterAll(() => central.close());

  it('rotates: each refresh answers a new access and refresh token, and the old refresh token is spent', async () => {
    const first = await login(central, 'ivanova');
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(second.body.access_token).not.toBe(first.access_token);
    expect((await http.get('/auth/me', bearer(second.body.access_token))).status).toBe(200);
    const third = await refresh(second.body.refresh_token);
    expect(third.status).toBe(200);
  });

  it('revokes the whole family when a spent refresh token comes back (it was copied)', async () => {
    const session = await login(central, 'ivanova');
    const rotated = await refresh(session.refresh_token);
    expect(rotated.status).toBe(200);
    const replay = await refresh(session.refresh_token);
    expect(replay.status).toBe(401);
    expect(isOutcome(replay.body)).toBe(true);
    expect(JSON.stringify(replay.body)).toMatch(/already used/);
    // The thief's replay also ends the legitimate holder's session.
    expect((await refresh(rotated.body.refresh_token)).status).toBe(401);
  });

  it('lets two concurrent uses of one refresh token succeed at most once', async () => {
    const session = await login(central, 'ivanova');
    const answers = await Promise.all([refresh(session.refresh_token), refresh(session.refresh_token), refresh(session.refresh_token)]);
    expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(1);
  });

  it('refuses an unknown refresh token, and ends a session at logout', async () => {
    expect((await refresh('x'.repeat(43))).status).toBe(401);
    const session = await login(central, 'ivanova');
    const out = await http.post('/auth/logout', { refresh_token: session.refresh_token }, { 'content-type': 'application/json', ...bearer(session.access_token) });
    expect(out.status).toBe(200);
    expect((await refresh(session.refresh_token)).status).toBe(401);
    expect((await http.get('/auth/me', bearer(session.access_token))).status).toBe(401);
  });
});
