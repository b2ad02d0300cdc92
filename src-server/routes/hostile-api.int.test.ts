import { createHmac, randomBytes } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.js';
import { buildBombs } from '../../test/fixtures/api/bombs.js';
import { bodyAttacks, encodingAttacks, hl7Attacks, pathAttacks, queryAttacks, REFLECTION_MARKERS, tokenAttacks, type ApiAttack } from '../../test/fixtures/api/hostile-api.js';
import { describeRoutes, type Caller, type Route } from '../../test/fixtures/api/route-table.js';
import { rawHttpAttacks, sendRaw } from '../../test/fixtures/api/raw-http.js';
import { createUser, login, storePatient } from '../../test/support/accounts.js';
import { bearerFor, staffPrincipal } from '../../test/support/auth.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { databaseFingerprint } from '../fhir/testing.js';

/**
 * Several thousand hostile requests at every route Central has (read from its own route tree): no
 * 5xx, every refusal a 4xx OperationOutcome, nothing reflected, the database unchanged (the audit
 * trail and the login throttle legitimately grow) and memory flat through the decompression bombs.
 */
const BODY_LIMIT = 256 * 1024;
const CORE_BAD_TOKENS = ['no token', 'alg none', 'signed with another key', 'expired', 'valid signature, roles raised in the payload', 'logged out (replayed)'];
/**
 * The audit trail records the attempts and the throttle counts failed logins: both are meant to
 * change. The population register's change cursor is moved by a background worker on its own clock.
 */
const CHANGING_TABLES = ['audit_event', 'login_throttle', 'register_cursor'];

const PRINCIPALS: Record<Exclude<Caller, 'none'>, Principal> = {
  doctor: staffPrincipal('doctor', { organizationId: 'test-org' }),
  admin: staffPrincipal('clinic-admin', { organizationId: 'test-org' }),
  officer: staffPrincipal('privacy-officer', { organizationId: 'test-org' }),
  patient: { kind: 'patient', subject: 'acct-pat-1', display: 'Patient', roles: ['patient'], patientId: 'pat-1' },
  client: { kind: 'client', subject: 'client-lab', display: 'Lab', roles: ['institution'], organizationId: 'org-lab' },
};

let central: TestCentral;
let routes: Route[];
/** Logged in before the barrage: its failed logins set the throttle for this address. */
let refreshSession: { refresh_token: string };
const badTokens = new Map<string, string | undefined>();

beforeAll(async () => {
  central = await startTestCentral({ bodyLimit: BODY_LIMIT, documentLimit: BODY_LIMIT });
  routes = describeRoutes(central.app.printRoutes({ commonPrefix: false }));
  await storePatient(central, 'pat-1', 'Ковалевская', 'test-org');
  await createUser(central, 'hostile-doctor', 'doctor', 'test-org');
  const session = await login(central, 'hostile-doctor');
  refreshSession = await login(central, 'hostile-doctor');
  const loggedOut = await login(central, 'hostile-doctor');
  const out = await fetch(`${central.url}/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${loggedOut.access_token}`, 'content-type': 'application/json' }, body: JSON.stringify({ refresh_token: loggedOut.refresh_token }) });
  expect(out.status).toBe(200);
  for (const [name, token] of Object.entries(forgedTokens(central, session.access_token))) badTokens.set(name, token);
  badTokens.set('logged out (replayed)', `Bearer ${loggedOut.access_token}`);
  badTokens.set('a refresh token as bearer', `Bearer ${session.refresh_token}`);
});
afterAll(async () => central?.close());

/** Tokens Central must not accept: absent, malformed, unsigned, signed by another key, expired, tampered. */
function forgedTokens(central: TestCentral, valid: string): Record<string, string | undefined> {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const claims = { typ: 'access', sub: 'intruder', knd: 'user', nam: 'Intruder', rol: ['doctor', 'clinic-admin', 'privacy-officer'], org: 'test-org', iat: now, exp: now + 600, jti: 'x' };
  const sign = (header: object, payload: object, key: Buffer | string) => {
    const data = `${b64(header)}.${b64(payload)}`;
    return `${data}.${createHmac('sha256', key).update(data).digest('base64url')}`;
  };
  const [head, , signature] = valid.split('.');
  const expired = central.ctx.tokens.sign(PRINCIPALS.doctor, new Date(Date.now() - 3 * 3600_000));
  return {
    'no token': undefined,
    'empty bearer': 'Bearer',
    'bearer and a space': 'Bearer ',
    garbage: 'Bearer not.a.token',
    'two dots only': 'Bearer ..',
    'basic credentials': 'Basic YWRtaW46YWRtaW4=',
    'alg none': `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
    'alg NONE': `Bearer ${b64({ alg: 'NONE', typ: 'JWT' })}.${b64(claims)}.`,
    'alg none with a signature': `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.${signature}`,
    'signed with another key': `Bearer ${sign({ alg: 'HS256', typ: 'JWT' }, claims, randomBytes(32))}`,
    'signed with an empty key': `Bearer ${sign({ alg: 'HS256', typ: 'JWT' }, claims, '')}`,
    'alg HS512 header': `Bearer ${sign({ alg: 'HS512', typ: 'JWT' }, claims, randomBytes(32))}`,
    'alg RS256 header (key confusion)': `Bearer ${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}.${signature}`,
    'kid path traversal': `Bearer ${sign({ alg: 'HS256', typ: 'JWT', kid: '../../../../dev/null' }, claims, '')}`,
    'jku to elsewhere': `Bearer ${sign({ alg: 'HS256', typ: 'JWT', jku: 'http://127.0.0.1:1/keys' }, claims, randomBytes(8))}`,
    'valid signature, roles raised in the payload': `Bearer ${head}.${b64(claims)}.${signature}`,
    expired: `Bearer ${expired}`,
    'expired, exp pushed forward': `Bearer ${expired.split('.')[0]}.${b64({ ...JSON.parse(Buffer.from(expired.split('.')[1]!, 'base64url').toString()), exp: now + 3600 })}.${expired.split('.')[2]}`,
    oversized: `Bearer ${'a'.repeat(9000)}.${'b'.repeat(100)}.c`,
    'markup as a token': 'Bearer <script>alert(1)</script>',
    'SQL as a token': "Bearer ' OR 1=1--",
  };
}

interface Answer {
  attack: ApiAttack;
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
}

const headersOf = (attack: ApiAttack): Record<string, string> => {
  const auth = typeof attack.auth === 'string' ? (attack.auth === 'none' ? {} : bearerFor(central, PRINCIPALS[attack.auth])) : badTokens.get(attack.auth.bad) === undefined ? {} : { authorization: badTokens.get(attack.auth.bad)! };
  return { ...auth, ...attack.headers };
};

async function sendAll(attacks: readonly ApiAttack[], parallel = 8): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  const worker = async () => {
    while (next < attacks.length) {
      const attack = attacks[next++]!;
      try {
        const response = await fetch(`${central.url}${attack.url}`, { method: attack.method, headers: headersOf(attack), body: attack.body as BodyInit | undefined, signal: AbortSignal.timeout(30_000) });
        answers.push({ attack, status: response.status, contentType: response.headers.get('content-type') ?? '', headers: response.headers, text: await response.text() });
      } catch (error) {
        answers.push({ attack, status: 0, contentType: '', headers: new Headers(), text: String(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return answers;
}

/** What is wrong with an answer, or undefined when it is a proper refusal (or an acceptable answer to a harmless-in-the-end request). */
function fault({ attack, status, contentType, headers, text }: Answer): string | undefined {
  if (status === 0) return `no answer: ${text}`;
  if (status >= 500) return `status ${status}`;
  const reflected = REFLECTION_MARKERS.find((marker) => text.includes(marker));
  if (reflected) return `reflects ${JSON.stringify(reflected)}`;
  if (headers.get('x-injected') || headers.get('set-cookie')) return 'a header was injected';
  if (attack.route.body === 'hl7' && status === 200) {
    // HL7 v2 says no with an ACK (MSA-1 AR or AE), which is what a laboratory system reads.
    return /\rMSA\|A[RE]\|/.test(text) && contentType.startsWith('x-application/hl7-v2+er7') ? undefined : 'an HL7 message was accepted';
  }
  if (status < 400) return attack.mayAccept ? undefined : `accepted with ${status}`;
  if (!/^application\/(fhir\+)?json/.test(contentType)) return `refusal typed ${contentType}`;
  try {
    const body = JSON.parse(text) as { resourceType?: string; issue?: unknown[] };
    return body.resourceType === 'OperationOutcome' && Array.isArray(body.issue) && body.issue.length > 0 ? undefined : `refusal is a ${body.resourceType}`;
  } catch {
    return 'refusal is not JSON';
  }
}

function tally<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}


describe('hostile requests at every route', () => {
  it('answers thousands of malformed and hostile requests with 4xx OperationOutcomes, reflects nothing and changes nothing', async () => {
    const small = { gzip: gzipSync(gzipSync('{"a":1}')), br: brotliCompressSync(gzipSync('{"a":1}')) };
    const protectedRoutes = routes.filter((route) => route.caller !== 'none');
    // Every bad token at one route of each group; the commonest forgeries at every route.
    const firstOfGroup = (list: Route[]) => list.filter((route, i) => list.findIndex((r) => r.group === route.group) === i);
    const representatives = new Set(firstOfGroup(protectedRoutes));
    const attacks: ApiAttack[] = [
      ...protectedRoutes.flatMap((route) => tokenAttacks(route, representatives.has(route) ? [...badTokens.keys()] : CORE_BAD_TOKENS)),
      ...routes.flatMap((route) => queryAttacks(route)),
      ...routes.flatMap((route) => pathAttacks(route)),
      ...routes.flatMap((route) => bodyAttacks(route, BODY_LIMIT)),
      ...routes.flatMap((route) => hl7Attacks(route)),
      ...routes.flatMap((route) => encodingAttacks(route, undefined, small)),
    ];
    const raw = rawHttpAttacks(bearerFor(central, PRINCIPALS.doctor).authorization!);
    expect(routes.length).toBeGreaterThan(60);
    expect(attacks.length).toBeGreaterThan(3000);

    const before = await databaseFingerprint(central, CHANGING_TABLES);
    const started = Date.now();
    const answers = await sendAll(attacks);
    const rawAnswers = await Promise.all(raw.map(async (attack) => ({ attack, answer: await sendRaw(central.url, attack.request) })));

    // Bombs one at a time, Central's memory watched throughout: inflating one would cost a gigabyte.
    const bombs = await buildBombs();
    const bombAttacks = firstOfGroup(routes.filter((route) => route.body !== 'none')).flatMap((route) => encodingAttacks(route, bombs, small));
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 10);
    const bombAnswers = await sendAll(bombAttacks, 1);
    clearInterval(sampler);
    answers.push(...bombAnswers);
    const seconds = (Date.now() - started) / 1000;

    const faults = answers.flatMap((answer) => {
      const problem = fault(answer);
      return problem ? [`${answer.attack.name}: ${problem} ${answer.text.slice(0, 160)}`] : [];
    });
    const rawFaults = rawAnswers.flatMap(({ attack, answer }) => {
      if (answer.status === 0) return [`raw ${attack.name}: no answer`];
      if (answer.status < 400 || answer.status >= 500) return [`raw ${attack.name}: status ${answer.status}`];
      if (!/"resourceType":"OperationOutcome"/.test(answer.body)) return [`raw ${attack.name}: ${answer.status} ${answer.body.slice(0, 120)}`];
      return REFLECTION_MARKERS.some((marker) => answer.body.includes(marker)) ? [`raw ${attack.name}: reflects`] : [];
    });

    console.log(
      [
        `hostile API: ${answers.length + rawAnswers.length} requests (${attacks.length} over fetch, ${rawAnswers.length} raw HTTP) at ${routes.length} routes in ${seconds.toFixed(1)} s`,
        `  by status: ${JSON.stringify(tally([...answers.map((a) => a.status), ...rawAnswers.map((a) => a.answer.status)], String))}`,
        `  by route group: ${JSON.stringify(tally(answers, (a) => a.attack.route.group))}`,
        `  by kind: ${JSON.stringify(tally(answers, (a) => a.attack.kind))}`,
        `  accepted (2xx, allowed for searches and logout): ${answers.filter((a) => a.status < 300).length}`,
        `  payloads: ${badTokens.size} bad tokens, ${new Set(attacks.filter((a) => a.kind === 'query').map((a) => a.name.split('=')[1])).size} query values, ${new Set(attacks.filter((a) => a.kind === 'field' || a.kind === 'body').map((a) => a.name.replace(/^\S+ \S+ /, ''))).size} bodies, 3 bombs of ${bombs.inflated / 2 ** 30} GiB (${bombs.gzip.length}/${bombs.deflate.length}/${bombs.br.length} bytes gzip/deflate/br)`,
        `  bombs: ${bombAnswers.length} sent one at a time, rss ${Math.round(rssBefore / 2 ** 20)} MiB before, peak ${Math.round(rssPeak / 2 ** 20)} MiB`,
        `  faults: ${faults.length + rawFaults.length}`,
      ].join('\n'),
    );
    const byProblem = tally([...faults, ...rawFaults], (f) => f.replace(/^.*?: /, '').replace(/\s.*$/, ''));
    if (faults.length + rawFaults.length) console.log('faults by problem:', byProblem, '\n' + [...faults, ...rawFaults].slice(0, 30).join('\n'));
    expect([...faults, ...rawFaults]).toEqual([]);
    expect(bombAnswers.map((a) => a.status)).toEqual(bombAnswers.map(() => 413));
    // A bomb inflated even once would have cost a gigabyte.
    expect(rssPeak - rssBefore).toBeLessThan(512 * 2 ** 20);
    expect(await databaseFingerprint(central, CHANGING_TABLES)).toEqual(before);

    const health = await fetch(`${central.url}/healthz`);
    expect(health.status).toBe(200);
  }, 300_000);

  it('reads a gzip, deflate or brotli body like a plain one (so refusing the bombs is the limit, not the coding)', async () => {
    const patient = (n: number) => JSON.stringify({ resourceType: 'Patient', name: [{ family: `Сжатый${n}` }], gender: 'other' });
    const codings: [string, (text: string) => Buffer][] = [['gzip', (t) => gzipSync(t)], ['deflate', (t) => deflateSync(t)], ['br', (t) => brotliCompressSync(t)], ['identity', (t) => Buffer.from(t)]];
    for (const [i, [coding, compress]] of codings.entries()) {
      const response = await fetch(`${central.url}/fhir/Patient`, { method: 'POST', headers: { ...bearerFor(central, PRINCIPALS.doctor), 'content-type': 'application/fhir+json', 'content-encoding': coding }, body: new Uint8Array(compress(patient(i))) });
      expect(response.status, coding).toBe(201);
      expect(((await response.json()) as { name: { family: string }[] }).name[0]!.family).toBe(`Сжатый${i}`);
    }
  });

  it('refuses a refresh token used twice, and the session it belonged to, with OperationOutcomes', async () => {
    const session = refreshSession;
    const refresh = (token: string) => fetch(`${central.url}/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refresh_token: token }) });
    const first = await refresh(session.refresh_token);
    expect(first.status).toBe(200);
    const rotated = (await first.json()) as { refresh_token: string };
    const replay = await refresh(session.refresh_token);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    // Reuse means the token was stolen: the whole family ends, the thief's rotated token too.
    const afterReuse = await refresh(rotated.refresh_token);
    expect(afterReuse.status).toBe(401);
  });
});
