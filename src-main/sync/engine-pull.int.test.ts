import type { Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/api/sync.js';
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
