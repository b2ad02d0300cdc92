import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/sync/version.js';
import { bearerFor, staffPrincipal } from '../../test/support/auth.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { clinic, encounter, patient } from '../../test/sim/support/fhir.js';
import { enrolWorkstation, seedClinic } from '../../test/sim/support/seed-central.js';
import { deviceTokenOf, postJson, syncCaller } from '../../test/sim/support/sync-http.js';

let central: TestCentral;
let device: { deviceId: string; deviceSecret: string };
let token: string;
const ORG = 'push-clinic';

beforeAll(async () => {
  central = await startTestCentral({ icd10File: undefined });
  await seedClinic(central.ctx.db, clinic(ORG, 4, new Date()), new Date());
  device = await enrolWorkstation(central.ctx.db, ORG, 'Регистратура', new Date());
  token = await deviceTokenOf(central.url, device.deviceId, device.deviceSecret);
});
afterAll(async () => central?.close());

async function versionsOf(type: string, id: string): Promise<number> {
  const { rows } = await central.ctx.db.query<{ n: string }>(`SELECT count(*) AS n FROM resource_history WHERE resource_type = $1 AND id = $2`, [type, id]);
  return Number(rows[0]!.n);
}

const create = (mutationId: number, resource: object) => ({ mutationId, kind: 'create', args: { resource } });

describe('push applies each mutation exactly once', () => {
  it('answers a retried push from the stored results and applies only what is new', async () => {
    const sync = syncCaller(central.url, device.deviceId, token);
    const first = await sync.push([create(1, patient('px-1', 1, ORG)), create(2, patient('px-2', 2, ORG))]);
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    expect(first.body.lastMutationId).toBe(2);

    // The response was "lost": the same two come again, with a third behind them.
    const retry = await sync.push([create(1, patient('px-1', 1, ORG)), create(2, patient('px-2', 2, ORG)), create(3, patient('px-3', 3, ORG))]);
    expect(retry.body.results.map((r: { mutationId: number; status: string }) => [r.mutationId, r.status])).toEqual([[1, 'applied'], [2, 'applied'], [3, 'applied']]);
    expect(retry.body.results[0].resource.meta.versionId).toBe('1');
    expect(await versionsOf('Patient', 'px-1')).toBe(1);
    expect(await versionsOf('Patient', 'px-3')).toBe(1);
    // Central records who wrote it, as it authenticated them: the workstation, for its clinic.
    const writer = await central.ctx.db.query(`SELECT written_by, written_by_org FROM resource_history WHERE resource_type = 'Patient' AND id = 'px-1'`);
    expect(writer.rows).toEqual([{ written_by: device.deviceId, written_by_org: ORG }]);

    // A duplicate delivered long after (the network replaying an old request) changes nothing.
    const replay = await sync.push([create(1, patient('px-1', 1, ORG))]);
    expect(replay.body.lastMutationId).toBe(3);
    expect(await versionsOf('Patient', 'px-1')).toBe(1);
  });

  it('applies a push that arrives twice at the same moment once', async () => {
    const other = await enrolWorkstation(central.ctx.db, ORG, 'Дубль', new Date());
    const sync = syncCaller(central.url, other.deviceId, await deviceTokenOf(central.url, other.deviceId, other.deviceSecret));
    const push = [create(1, patient('pd-1', 31, ORG)), create(2, encounter('ed-1', 'pd-1', ORG, new Date()))];
    const [first, second] = await Promise.all([sync.push(push), sync.push(push)]);
    expect(first.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    expect(second.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    expect(await versionsOf('Patient', 'pd-1')).toBe(1);
    expect(await versionsOf('Encounter', 'ed-1')).toBe(1);
  });

  it('does not look past a gap: reordered pushes resume from lastMutationId', async () => {
    const sync = syncCaller(central.url, device.deviceId, token);
    const early = await sync.push([create(5, patient('px-5', 5, ORG)), create(6, patient('px-6', 6, ORG))]);
    expect(early.status).toBe(200);
    expect(early.body.results).toEqual([]);
    expect(early.body.lastMutationId).toBe(3);
    expect(await versionsOf('Patient', 'px-5')).toBe(0);

    const withHole = await sync.push([create(4, patient('px-4', 4, ORG)), create(6, patient('px-6', 6, ORG))]);
    expect(withHole.body.results.map((r: { mutationId: number }) => r.mutationId)).toEqual([4]);
    expect(withHole.body.lastMutationId).toBe(4);

    const rest = await sync.push([create(5, patient('px-5', 5, ORG)), create(6, patient('px-6', 6, ORG))]);
    expect(rest.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    expect(await versionsOf('Patient', 'px-6')).toBe(1);
  });
});

describe('push refuses permanently with a result, and the id still advances', () => {
  let clientId: string;
  let sync: ReturnType<typeof syncCaller>;
  beforeAll(async () => {
    const other = await enrolWorkstation(central.ctx.db, ORG, 'Кабинет 2', new Date());
    clientId = other.deviceId;
    sync = syncCaller(central.url, clientId, await deviceTokenOf(central.url, other.deviceId, other.deviceSecret));
  });

  it('rejects an invalid resource naming the field, then applies the next mutation', async () => {
    const bad = { ...patient('py-1', 11, ORG), birthDate: 'yesterday' };
    const answer = await sync.push([create(1, bad), create(2, patient('py-2', 12, ORG))]);
    expect(answer.body.results[0].status).toBe('rejected');
    expect(JSON.stringify(answer.body.results[0].outcome)).toMatch(/birthDate/);
    expect(answer.body.results[1].status).toBe('applied');
    expect(answer.body.lastMutationId).toBe(2);
    expect(await versionsOf('Patient', 'py-1')).toBe(0);
  });

  it('rejects a malformed mutation for its id alone', async () => {
    const answer = await sync.push([{ mutationId: 3, kind: 'explode', args: {} }, create(4, patient('py-4', 14, ORG))]);
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((r: { status: string }) => r.status)).toEqual(['rejected', 'applied']);
  });

  it('refuses a stale edit of an editable type with both versions, but appends clinical facts', async () => {
    const edited = (family: string) => ({ ...patient('py-2', 12, ORG), name: [{ family, given: ['Анна'] }] });
    const first = await sync.push([{ mutationId: 5, kind: 'update', baseVersion: 1, args: { resource: edited('Первая') } }]);
    expect(first.body.results[0].status).toBe('applied');
    const stale = await sync.push([{ mutationId: 6, kind: 'update', baseVersion: 1, args: { resource: edited('Вторая') } }]);
    const result = stale.body.results[0];
    expect(result.status).toBe('rejected');
    expect(result.outcome.issue[0].code).toBe('conflict');
    expect(result.current.meta.versionId).toBe('2');
    expect(result.current.name[0].family).toBe('Первая');

    const visit = encounter('ey-1', 'py-2', ORG, new Date());
    await sync.push([create(7, visit)]);
    const late = await sync.push([{ mutationId: 8, kind: 'update', baseVersion: 99, args: { resource: { ...visit, status: 'cancelled' } } }]);
    expect(late.body.results[0].status).toBe('applied');
  });

  it('keeps another organisation out of its directory', async () => {
    const foreign = { resourceType: 'Location', id: 'elsewhere-room', name: 'Чужой кабинет', managingOrganization: { reference: 'Organization/elsewhere' } };
    const answer = await sync.push([create(9, foreign)]);
    expect(answer.body.results[0].status).toBe('rejected');
    expect(answer.body.results[0].outcome.issue[0].code).toBe('forbidden');
  });
});

describe('who may push', () => {
  it('holds a staff token to its roles for what that person made, not for what a colleague queued', async () => {
    const registrar = bearerFor(central, staffPrincipal('registrar', { organizationId: ORG, deviceId: device.deviceId, subject: 'reg-1' })).authorization!.slice(7);
    const sync = syncCaller(central.url, device.deviceId, registrar);
    const own = encounter('ez-1', 'px-1', ORG, new Date());
    const doctors = encounter('ez-2', 'px-1', ORG, new Date());
    const answer = await sync.push([
      { ...create(7, own), author: { userId: 'reg-1' } },
      { ...create(8, doctors), author: { userId: 'doc-1' } },
    ]);
    expect(answer.body.results.map((r: { status: string }) => r.status)).toEqual(['rejected', 'applied']);
    expect(answer.body.results[0].outcome.issue[0].code).toBe('forbidden');
  });

  it('refuses a staff session that is not on that workstation, and another organisation’s device', async () => {
    const web = bearerFor(central, staffPrincipal('doctor', { organizationId: ORG })).authorization!.slice(7);
    expect((await syncCaller(central.url, device.deviceId, web).push([])).status).toBe(403);
    const foreign = await enrolWorkstation(central.ctx.db, 'elsewhere', 'Чужой', new Date());
    expect((await syncCaller(central.url, foreign.deviceId, token).push([])).status).toBe(403);
    expect((await syncCaller(central.url, device.deviceId, 'not-a-token').push([])).status).toBe(401);
  });

  it('answers another protocol version with a 400 naming the version it speaks', async () => {
    const answer = await postJson(`${central.url}/sync/push`, { protocolVersion: 999, clientId: device.deviceId, mutations: [] }, token);
    expect(answer.status).toBe(400);
    expect(answer.body.issue[0].expression).toEqual(['protocolVersion']);
    expect(answer.body.issue[0].details.text).toMatch(new RegExp(`version ${PROTOCOL_VERSION}\\b`));
  });
});
