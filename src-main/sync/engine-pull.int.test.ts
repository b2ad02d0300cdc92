import type { Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/api/sync.js';
import { NEXT_CURSOR_HEADER } from '../../shared/sync/protocol.js';
import type { BackgroundCheckpoint } from '../db/background-checkpoint.js';
import { bearerFor, staffPrincipal } from '../../test/support/auth.js';
import { encounter, patient } from '../../test/sim/support/fhir.js';
import { registerPatient } from '../../test/sim/support/local-work.js';
import { startTestClinic, syncUntil, type TestClinic } from '../../test/sim/support/test-clinic.js';

const PATIENTS = 40;
const LONG_AGO = new Date(Date.now() - 90 * 86_400_000);
let clinic: TestClinic;

beforeAll(async () => {
  clinic = await startTestClinic({ patients: PATIENTS });
  // Two old visits each: the patients are in the scope because they are attached, nothing else.
  await clinic.seed(clinic.patients.flatMap((p) => [encounter(`${p.id}-e1`, p.id, clinic.organizationId, LONG_AGO), encounter(`${p.id}-e2`, p.id, clinic.organizationId, LONG_AGO)]));
  await clinic.seed([patient('far-away', 900), encounter('far-e1', 'far-away', 'elsewhere', LONG_AGO)]);
});
afterAll(async () => clinic?.close());

/** Records the requests a workstation makes; fails the pull number `failPull` as if the network dropped. */
function recorder(failPull?: number) {
  const log: { path: string; cursor?: string }[] = [];
  let pulls = 0;
  const fetchImpl: typeof fetch = async (input, init) => {
    const path = new URL(String(input)).pathname;
    if (path === '/sync/pull' && ++pulls === failPull) throw new TypeError('network dropped');
    log.push({ path, cursor: path === '/sync/pull' ? JSON.parse(String(init!.body)).cursor : undefined });
    return fetch(input, init);
  };
  return { log, fetchImpl };
}

describe('a long download', () => {
  it('shows progress, sends local work first, and resumes where it stopped', async () => {
    const first = recorder(5);
    const ws = await clinic.workstation({ pullLimit: 10, fetch: first.fetchImpl });
    const progress: NonNullable<SyncStatus['progress']>[] = [];
    let registered = false;
    ws.engine.onChange(({ status }) => {
      if (status.progress) progress.push(status.progress);
      if (status.progress && !registered) {
        registered = true;
        registerPatient(ws.store, patient('walk-in', 950, clinic.organizationId), new Date());
      }
    });
    const backgrounds: (BackgroundCheckpoint | null)[] = [];
    const checkpointInBackground = ws.store.checkpointInBackground.bind(ws.store);
    ws.store.checkpointInBackground = () => {
      const background = checkpointInBackground();
      backgrounds.push(background);
      return background;
    };
    const interrupted = await ws.engine.syncNow();
    expect(interrupted.lastError).toMatch(/cannot be reached/);
    // The pages were copied from the WAL on another thread, and the failed cycle ended that too.
    expect(backgrounds.filter(Boolean).length).toBeGreaterThan(0);
    expect(backgrounds.every((background) => background === null || background.failure === null)).toBe(true);
    const another = checkpointInBackground();
    expect(another).not.toBeNull();
    await another!.end();
    // The registration made during the download went up before the download continued.
    const paths = first.log.map((entry) => entry.path);
    expect(paths.indexOf('/sync/push', paths.indexOf('/sync/pull'))).toBeLessThan(paths.lastIndexOf('/sync/pull'));
    expect(ws.store.outbox.pendingCount()).toBe(0);
    const stoppedAt = ws.store.pullCursor();
    expect(stoppedAt).toBeDefined();

    const second = recorder();
    ws.restart({ pullLimit: 10, fetch: second.fetchImpl });
    ws.engine.onChange(({ status }) => status.progress && progress.push(status.progress));
    const done = await ws.engine.syncNow();
    expect(done).toMatchObject({ lastError: null, progress: null, pending: 0 });
    // Resumed from the stored cursor: no page was asked for twice.
    const cursors = [...first.log, ...second.log].filter((e) => e.path === '/sync/pull').map((e) => e.cursor ?? '');
    expect(new Set(cursors).size).toBe(cursors.length);
    expect(second.log.find((e) => e.path === '/sync/pull')!.cursor).toBe(stoppedAt);
    // Progress counted on across the interruption, up to a total that covers the scope.
    const dones = progress.map((p) => p.done);
    expect([...dones].sort((x, y) => x - y)).toEqual(dones);
    expect(progress.at(-1)!.total).toBeGreaterThanOrEqual(PATIENTS * 3);
    for (const p of clinic.patients) expect(ws.store.resources.listByPatient(p.id)).toHaveLength(3);
    expect(ws.store.resources.get('Patient', 'walk-in')).toMatchObject({ meta: { versionId: '1' } });
    expect(ws.store.resources.get('Patient', 'far-away')).toBeUndefined();
  });
});

/** Everything the clinic's scope holds for these tests: each patient's record, and the walk-in above. */
function expectWholeScope(ws: Awaited<ReturnType<TestClinic['workstation']>>): void {
  for (const p of clinic.patients) expect(ws.store.resources.listByPatient(p.id)).toHaveLength(3);
  expect(ws.store.resources.get('Patient', 'far-away')).toBeUndefined();
}

/**
 * Logs each pull asked for and each answer's body handed over, by cursor; `head` may rewrite the
 * next-cursor head Central sent. With `holdBodies`, a body is handed over only once another pull
 * has been asked for (or a second has passed): a workstation that read the body before asking for
 * the next page shows it in the log.
 */
function headRecorder(head: (next: string | null, asked: string) => string | null = (next) => next, holdBodies = false) {
  const events: string[] = [];
  let waiting: (() => void)[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    if (new URL(String(input)).pathname !== '/sync/pull') return fetch(input, init);
    const asked = (JSON.parse(String(init!.body)) as { cursor?: string }).cursor ?? '';
    events.push(`ask ${asked}`);
    for (const wake of waiting) wake();
    waiting = [];
    const response = await fetch(input, init);
    const headers = new Headers(response.headers);
    const next = head(headers.get(NEXT_CURSOR_HEADER), asked);
    if (next === null) headers.delete(NEXT_CURSOR_HEADER);
    else headers.set(NEXT_CURSOR_HEADER, next);
    const held = holdBodies ? Promise.race([new Promise<void>((wake) => waiting.push(wake)), new Promise((wake) => setTimeout(wake, 1000))]) : Promise.resolve();
    const reader = response.body!.getReader();
    let handedOver = false;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!handedOver) {
          await held;
          events.push(`body ${asked}`);
          handedOver = true;
        }
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
    });
    return new Response(body, { status: response.status, headers });
  };
  return { events, fetchImpl };
}

describe('asking for the next page early', () => {
  it('asks for the next page when the answer\'s head names its cursor, before the body is read', async () => {
    const { events, fetchImpl } = headRecorder(undefined, true);
    const ws = await clinic.workstation({ pullLimit: 10, fetch: fetchImpl });
    expect(await ws.engine.syncNow()).toMatchObject({ lastError: null });
    expectWholeScope(ws);
    const asks = events.filter((e) => e.startsWith('ask ')).map((e) => e.slice(4));
    expect(asks.length).toBeGreaterThan(PATIENTS * 3 / 10);
    expect(new Set(asks).size).toBe(asks.length);
    // Each next page was asked for before the body of the page before it was read.
    for (let i = 0; i < asks.length - 1; i++) expect(events.indexOf(`ask ${asks[i + 1]}`)).toBeLessThan(events.indexOf(`body ${asks[i]}`));
  });

  it('applies a page asked for early only on top of its cursor: a head naming another is corrected, nothing lost or doubled', async () => {
    // The head names the cursor this page was asked with instead of its own: the page asked for early is not the next one.
    const wrong = headRecorder((next, asked) => (next === null ? null : asked));
    const ws = await clinic.workstation({ pullLimit: 10, fetch: wrong.fetchImpl });
    expect(await ws.engine.syncNow()).toMatchObject({ lastError: null, progress: null });
    expectWholeScope(ws);
    const asks = wrong.events.filter((e) => e.startsWith('ask '));
    expect(new Set(asks).size).toBeLessThan(asks.length);
    const reference = await clinic.workstation({ pullLimit: 10 });
    await reference.engine.syncNow();
    const rows = (store: typeof ws.store) => [...store.resources.rawRows(1000)].flat().map((r) => `${r.type}/${r.id}/${r.version_id}`).sort();
    expect(rows(ws.store)).toEqual(rows(reference.store));
  });

  it('still downloads from a Central that names no next cursor in the head', async () => {
    const old = headRecorder(() => null);
    const ws = await clinic.workstation({ pullLimit: 10, fetch: old.fetchImpl });
    expect(await ws.engine.syncNow()).toMatchObject({ lastError: null, progress: null });
    expectWholeScope(ws);
  });
});

describe('pages as rows', () => {
  const rows = (store: Awaited<ReturnType<TestClinic['workstation']>>['store']) => [...store.resources.rawRows(1000)].flat().map(({ rowid: _rowid, ...row }) => row).sort((x, y) => `${x.type}/${x.id}`.localeCompare(`${y.type}/${y.id}`));

  it('stores the same rows from a Central that answers only JSON (one that knows no rows layout)', async () => {
    const asked: (string | undefined)[] = [];
    const jsonOnly: typeof fetch = async (input, init) => {
      if (new URL(String(input)).pathname !== '/sync/pull') return fetch(input, init);
      const { layout, ...body } = JSON.parse(String(init!.body)) as { layout?: string };
      asked.push(layout);
      return fetch(input, { ...init, body: JSON.stringify(body) });
    };
    const old = await clinic.workstation({ pullLimit: 10, fetch: jsonOnly });
    expect(await old.engine.syncNow()).toMatchObject({ lastError: null, progress: null });
    expect(new Set(asked)).toEqual(new Set(['rows']));
    const current = await clinic.workstation({ pullLimit: 10 });
    expect(await current.engine.syncNow()).toMatchObject({ lastError: null, progress: null });
    expectWholeScope(current);
    expect(rows(current.store)).toEqual(rows(old.store));
  });

  it('applies nothing of a page cut short, and takes it whole on the next try', async () => {
    let cut = 0;
    const cutting: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (new URL(String(input)).pathname !== '/sync/pull' || cut++ !== 2) return response;
      // Cut inside the rows, the line ended as if the answer were whole.
      const bytes = new Uint8Array(await response.arrayBuffer());
      return new Response(Buffer.concat([bytes.subarray(0, bytes.length - 100), Buffer.from('\n')]), { status: response.status, headers: response.headers });
    };
    const ws = await clinic.workstation({ pullLimit: 10, fetch: cutting });
    const failed = await ws.engine.syncNow();
    expect(failed.lastError).toMatch(/pull page could not be read: its resources: they are not JSON/);
    const before = ws.store.resources.count();
    expect(before).toBe(20);
    const done = await ws.engine.syncNow();
    expect(done).toMatchObject({ lastError: null, progress: null });
    expectWholeScope(ws);
  });
});

describe('scope', () => {
  it('removes the whole record of a patient who leaves, and brings one who enters', async () => {
    const ws = await clinic.workstation();
    await ws.engine.syncNow();
    expect(ws.store.resources.listByPatient('cp-1')).toHaveLength(3);
    await clinic.seed([{ ...clinic.patients[1]!, managingOrganization: { reference: 'Organization/elsewhere' } } as Resource & { id: string }]);
    await clinic.seed([{ ...patient('far-away', 900), managingOrganization: { reference: `Organization/${clinic.organizationId}` } }]);
    await ws.engine.syncNow();
    expect(ws.store.resources.listByPatient('cp-1')).toEqual([]);
    expect(ws.store.patients.search('cp-1', 5)).toEqual([]);
    expect(ws.store.resources.listByPatient('far-away').map((r) => r.id).sort()).toEqual(['far-away', 'far-e1']);
  });

  it('fetches a patient outside the scope for a person with a reason, and keeps them when pinned', async () => {
    await clinic.seed([patient('stranger', 901), encounter('stranger-e1', 'stranger', 'elsewhere', LONG_AGO)]);
    const ws = await clinic.workstation();
    const doctor = bearerFor(clinic.central, staffPrincipal('doctor', { organizationId: clinic.organizationId, deviceId: ws.deviceId })).authorization!.slice(7);
    ws.restart({ accessToken: async () => doctor });
    const shown = await ws.engine.fetchPatient('stranger', 'Brought in by ambulance');
    expect(shown.map((r) => r.id).sort()).toEqual(['stranger', 'stranger-e1']);
    expect(ws.store.resources.get('Patient', 'stranger')).toBeUndefined();
    await ws.engine.fetchPatient('stranger', 'Admitted for a week', { pinDays: 7 });
    expect(ws.store.resources.listByPatient('stranger')).toHaveLength(2);
    await ws.engine.syncNow();
    await clinic.seed([encounter('stranger-e2', 'stranger', 'elsewhere', new Date())]);
    await syncUntil(ws, () => ws.store.resources.get('Encounter', 'stranger-e2') !== undefined);
  });
});
