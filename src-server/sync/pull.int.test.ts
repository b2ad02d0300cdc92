import type { Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { appointment, clinic, encounter, patient, type Clinic } from '../../test/sim/support/fhir.js';
import { enrolWorkstation, seedClinic, seedResources } from '../../test/sim/support/seed-central.js';
import { deviceTokenOf, syncCaller } from '../../test/sim/support/sync-http.js';
import { NEXT_CURSOR_HEADER } from '../../shared/sync/protocol.js';
import { patientCompartmentOf } from '../../shared/fhir/compartment.js';
import { writeResources } from '../fhir/write.js';
import { PROTOCOL_VERSION } from '../../shared/sync/version.js';
import { pullPage } from './pull.js';

const ORG = 'pull-clinic';
let central: TestCentral;
let theClinic: Clinic;
let a: ReturnType<typeof syncCaller>;
let b: ReturnType<typeof syncCaller>;
let bCursor: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Page = any;
const keysOf = (pages: Page[]) => pages.flatMap((p: Page) => p.changes.filter((c: Page) => c.type === 'resource').map((c: Page) => `${c.resource.resourceType}/${c.resource.id}`));

beforeAll(async () => {
  central = await startTestCentral({ icd10File: undefined });
  const now = new Date();
  theClinic = clinic(ORG, 6, now);
  await seedClinic(central.ctx.db, theClinic, now);
  const records: (Resource & { id: string })[] = [];
  // pp-3 was last seen two months ago: only being attached keeps them in the working set.
  const seen = (n: number) => (n === 3 ? new Date(now.getTime() - 60 * 86_400_000) : now);
  for (const n of [1, 2, 3]) records.push(patient(`pp-${n}`, 100 + n, ORG), encounter(`pe-${n}-a`, `pp-${n}`, ORG, seen(n)), encounter(`pe-${n}-b`, `pp-${n}`, ORG, seen(n)));
  // Someone the clinic has never seen, with a history elsewhere.
  records.push(patient('outsider', 200), ...[1, 2, 3].map((i) => encounter(`oe-${i}`, 'outsider', 'elsewhere', new Date(now.getTime() - i * 86_400_000 * 365))));
  await seedResources(central.ctx.db, records, now);
  for (const [name, set] of [['A', (s: typeof a) => (a = s)], ['B', (s: typeof b) => (b = s)]] as const) {
    const device = await enrolWorkstation(central.ctx.db, ORG, name, now);
    set(syncCaller(central.url, device.deviceId, await deviceTokenOf(central.url, device.deviceId, device.deviceSecret)));
  }
});
afterAll(async () => central?.close());

describe('pull', () => {
  it('delivers the scope in pages with a cursor: directory, slots, attached patients with their records', async () => {
    const pages = await b.pullAll(undefined, 4);
    const keys = keysOf(pages);
    const expected = [...theClinic.directory, ...theClinic.slots].map((r) => `${r.resourceType}/${r.id}`);
    for (const n of [1, 2, 3]) expected.push(`Patient/pp-${n}`, `Encounter/pe-${n}-a`, `Encounter/pe-${n}-b`);
    expect(new Set(keys)).toEqual(new Set(expected));
    expect(keys.length).toBe(expected.length);
    expect(keys).not.toContain('Patient/outsider');
    const remaining = pages.filter((p: Page) => p.remaining !== undefined).map((p: Page) => p.remaining);
    expect(remaining.at(-1)).toBe(0);
    expect([...remaining].sort((x, y) => y - x)).toEqual(remaining);
    expect(new Set(pages.flatMap((p: Page) => p.scopeChanges.entered))).toEqual(new Set(['pp-1', 'pp-2', 'pp-3']));
    expect(pages.at(-1).hasMore).toBe(false);
    bCursor = pages.at(-1).cursor;
  });

  it('names the next cursor in the answer\'s head while more pages follow, and none on the last', async () => {
    const heads: (string | null)[] = [];
    const bodies: { cursor: string; hasMore: boolean }[] = [];
    for (let cursor: string | undefined; ; ) {
      const answer = await b.pull(cursor, 4);
      heads.push(answer.headers.get(NEXT_CURSOR_HEADER));
      bodies.push(answer.body);
      cursor = answer.body.cursor;
      if (!answer.body.hasMore) break;
    }
    expect(bodies.length).toBeGreaterThan(2);
    expect(heads).toEqual(bodies.map((body) => (body.hasMore ? body.cursor : null)));
  });

  it('writes the same pages as rows when asked: the tombstones in the head, each resource after its key', async () => {
    // From the second page of a round on (a first page starts wherever the feed stands when asked),
    // and a change that comes through the feed after the round, and a deletion.
    let cursor: string | undefined = (await b.pull(undefined, 5)).body.cursor;
    await seedResources(central.ctx.db, [encounter('pe-1-c', 'pp-1', ORG, new Date())], new Date());
    const keys: string[] = [];
    let tombstones = 0;
    for (let deleted = false; ; ) {
      const json = await b.pull(cursor, 5);
      const rows = await b.pullRows(cursor, 5);
      expect(rows.contentType).toMatch(/^application\/vnd\.medkarta\.pull-rows/);
      const [headLine, rowsLine, end] = rows.text.split('\n');
      expect(end).toBe('');
      const { resources: count, changes: headTombstones, ...head } = JSON.parse(headLine!);
      const { changes, ...jsonHead } = json.body;
      expect(head).toEqual(jsonHead);
      expect(headTombstones).toEqual(changes.filter((change: Page) => change.type === 'tombstone'));
      const resources = (JSON.parse(rowsLine!) as [string, string, number, string | null, string | null, Resource][]).map(([type, id, version, updated, patientId, resource]) => {
        expect([type, id, version, updated, patientId]).toEqual([resource.resourceType, resource.id, Number(resource.meta!.versionId), resource.meta!.lastUpdated, patientCompartmentOf(resource) ?? null]);
        keys.push(`${type}/${id}`);
        return { type: 'resource', resource };
      });
      expect(count).toBe(resources.length);
      expect(resources).toEqual(changes.filter((change: Page) => change.type === 'resource'));
      tombstones += headTombstones.length;
      cursor = json.body.cursor;
      if (!json.body.hasMore && deleted) break;
      if (!json.body.hasMore) {
        await central.ctx.db.transaction((tx) => writeResources(tx, [{ kind: 'delete', resourceType: 'Encounter', id: 'pe-1-c' }], new Date()));
        deleted = true;
      }
    }
    expect(keys.length).toBeGreaterThan(10);
    expect(keys).toContain('Encounter/pe-1-c');
    expect(tombstones).toBe(1);
  });

  it('notes the last pull of a round page at most every 30 s, and refuses a round cursor for a client of another organisation', async () => {
    const db = central.ctx.db;
    const device = await enrolWorkstation(db, ORG, 'Rounds', new Date());
    const request = (cursor?: string) => ({ protocolVersion: PROTOCOL_VERSION, clientId: device.deviceId, limit: 3, ...(cursor ? { cursor } : {}) });
    const lastPull = async () => (await db.query<{ at: Date }>('SELECT last_pull_at AS at FROM sync_client WHERE client_id = $1', [device.deviceId])).rows[0]!.at.toISOString();
    const at = (seconds: number) => new Date(Date.UTC(2026, 10, 26, 9, 0, seconds));
    const first = await pullPage(db, device.deviceId, ORG, request(), at(0));
    expect(first.remaining).toBeGreaterThan(3);
    expect(await lastPull()).toBe(at(0).toISOString());
    const second = await pullPage(db, device.deviceId, ORG, request(first.cursor), at(10));
    expect(await lastPull()).toBe(at(0).toISOString());
    await pullPage(db, device.deviceId, ORG, request(second.cursor), at(31));
    expect(await lastPull()).toBe(at(31).toISOString());
    await expect(pullPage(db, device.deviceId, 'another-clinic', request(second.cursor), at(40))).rejects.toThrow(/another organisation/);
    await expect(pullPage(db, 'never-pulled', ORG, { ...request(second.cursor), clientId: 'never-pulled' }, at(40))).rejects.toThrow(/has not pulled before/);
  });

  it('serves a page again, identically, when its cursor is repeated (a lost response)', async () => {
    const first = await b.pull(undefined, 3);
    const again = await b.pull(undefined, 3);
    const next1 = await b.pull(first.body.cursor, 3);
    const next2 = await b.pull(first.body.cursor, 3);
    expect(keysOf([again.body])).toEqual(keysOf([first.body]));
    expect(keysOf([next2.body])).toEqual(keysOf([next1.body]));
  });

  it('brings another workstation’s change through the feed', async () => {
    await a.pullAll();
    const edited = { ...patient('pp-1', 101, ORG), telecom: [{ system: 'phone' as const, value: '+375291112233' }] };
    expect((await a.push([{ mutationId: 1, kind: 'update', baseVersion: 1, args: { resource: edited } }])).body.results[0].status).toBe('applied');
    // The feed shows a transaction once every older one in the cluster has ended: pull until it is there.
    let change: Page;
    for (let tries = 0; !change && tries < 100; tries++) {
      const pages = await b.pullAll(bCursor);
      bCursor = pages.at(-1).cursor;
      change = pages.flatMap((p: Page) => p.changes).find((c: Page) => c.resource?.id === 'pp-1' && c.resource.meta.versionId === '2');
      if (!change) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(change.resource.telecom[0].value).toBe('+375291112233');
  });

  it('brings a patient who enters the scope with the whole history', async () => {
    const slot = theClinic.slots[2]!;
    const booked = await a.push([{ mutationId: 2, kind: 'book', args: { slotId: slot.id, appointment: appointment('appt-outsider', slot, 'outsider') } }]);
    expect(booked.body.results[0].status).toBe('applied');
    const pages = await b.pullAll(bCursor);
    expect(pages.flatMap((p: Page) => p.scopeChanges.entered)).toContain('outsider');
    const keys = keysOf(pages);
    for (const key of ['Patient/outsider', 'Encounter/oe-1', 'Encounter/oe-2', 'Encounter/oe-3', 'Appointment/appt-outsider', `Slot/${slot.id}`]) expect(keys).toContain(key);
    bCursor = pages.at(-1).cursor;
  });

  it('announces a patient who leaves the scope', async () => {
    await seedResources(central.ctx.db, [patient('pp-3', 103, 'elsewhere')], new Date());
    const pages = await b.pullAll(bCursor);
    expect(pages.flatMap((p: Page) => p.scopeChanges.left)).toEqual(['pp-3']);
    expect(keysOf(pages)).not.toContain('Encounter/pe-3-a');
  });

  it('announces a patient who entered and left while the client missed the page that brought them (one it registered itself)', async () => {
    const c = await enrolled('C');
    let cursor = (await c.pullAll()).at(-1).cursor;
    const registered = patient('pp-own', 150, ORG);
    expect((await c.push([{ mutationId: 1, kind: 'create', args: { resource: registered } }])).body.results[0].status).toBe('applied');
    // The page of the round that brought the new patient is lost on the way: the client asks again from its old cursor.
    expect((await c.pull(cursor, 50)).body.scopeChanges.entered).toContain('pp-own');
    expect((await c.push([{ mutationId: 2, kind: 'update', baseVersion: 1, args: { resource: patient('pp-own', 150, 'elsewhere') } }])).body.results[0].status).toBe('applied');
    const pages = await c.pullAll(cursor);
    expect(pages.flatMap((p: Page) => p.scopeChanges.left)).toContain('pp-own');
    cursor = pages.at(-1).cursor;
    expect(keysOf(await c.pullAll(cursor))).not.toContain('Patient/pp-own');
  });

  it('announces a patient a client registered and lost to another clinic before its next pull (never in its scope)', async () => {
    const d = await enrolled('D');
    const cursor = (await d.pullAll()).at(-1).cursor;
    expect((await d.push([{ mutationId: 1, kind: 'create', args: { resource: patient('pp-gone', 151, ORG) } }])).body.results[0].status).toBe('applied');
    await seedResources(central.ctx.db, [patient('pp-gone', 151, 'elsewhere')], new Date());
    const pages = await d.pullAll(cursor);
    expect(pages.flatMap((p: Page) => p.scopeChanges.left)).toContain('pp-gone');
    expect(keysOf(pages)).not.toContain('Patient/pp-gone');
  });

  it('still brings the whole history of a patient a client booked itself (what it wrote does not stand for the record)', async () => {
    const e = await enrolled('E');
    const cursor = (await e.pullAll()).at(-1).cursor;
    await seedResources(central.ctx.db, [patient('outsider-2', 201), ...[1, 2].map((i) => encounter(`oe2-${i}`, 'outsider-2', 'elsewhere', new Date(Date.now() - i * 86_400_000 * 365)))], new Date());
    const slot = theClinic.slots[4]!;
    expect((await e.push([{ mutationId: 1, kind: 'book', args: { slotId: slot.id, appointment: appointment('appt-outsider-2', slot, 'outsider-2') } }])).body.results[0].status).toBe('applied');
    const pages = await e.pullAll(cursor);
    expect(pages.flatMap((p: Page) => p.scopeChanges.entered)).toContain('outsider-2');
    for (const key of ['Patient/outsider-2', 'Encounter/oe2-1', 'Encounter/oe2-2', 'Appointment/appt-outsider-2']) expect(keysOf(pages)).toContain(key);
  });
});

async function enrolled(name: string): Promise<ReturnType<typeof syncCaller>> {
  const device = await enrolWorkstation(central.ctx.db, ORG, name, new Date());
  return syncCaller(central.url, device.deviceId, await deviceTokenOf(central.url, device.deviceId, device.deviceSecret));
}
