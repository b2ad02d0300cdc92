import type { Resource } from '@medplum/fhirtypes';
import { startTestCentral, type TestCentral } from '../../support/central.js';
import { makeTempDir } from '../../fixtures/workstation/temp-dir.js';
import type { LocalStore } from '../../../src-main/db/local-store.js';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from '../../../src-main/sync/engine.js';
import { clinic, patient, type Clinic } from './fhir.js';
import { openStore } from './local-work.js';
import { enrolWorkstation, seedClinic, seedResources } from './seed-central.js';
import { deviceTokenOf } from './sync-http.js';

export interface TestWorkstation {
  deviceId: string;
  store: LocalStore;
  engine: SyncEngine;
  /** A new engine over the same store (after a "restart"); the old one must be stopped first. */
  restart(overrides?: Partial<SyncEngineOptions>): SyncEngine;
}

/**
 * A real Central with one clinic (directory, free slots, attached patients) and a way to add
 * enrolled workstations, each with its own encrypted store and sync engine. For the engine's tests.
 */
export async function startTestClinic(options: { organizationId?: string; slots?: number; patients?: number } = {}) {
  // Sync needs no ICD-10: skipping its import keeps a test Central's start to a second or two.
  const central: TestCentral = await startTestCentral({ icd10File: undefined });
  const organizationId = options.organizationId ?? 'ws-clinic';
  const now = new Date();
  const theClinic: Clinic = clinic(organizationId, options.slots ?? 6, now);
  await seedClinic(central.ctx.db, theClinic, now);
  const patients = Array.from({ length: options.patients ?? 3 }, (_, i) => patient(`cp-${i}`, 500 + i, organizationId));
  await seedResources(central.ctx.db, patients, now);
  const dirs: { remove(): void }[] = [];
  const workstations: TestWorkstation[] = [];

  return {
    central,
    organizationId,
    clinic: theClinic,
    patients,
    seed: (resources: (Resource & { id: string })[]) => seedResources(central.ctx.db, resources, new Date()),
    async workstation(overrides: Partial<SyncEngineOptions> = {}): Promise<TestWorkstation> {
      const device = await enrolWorkstation(central.ctx.db, organizationId, `WS ${workstations.length + 1}`, now);
      const dir = makeTempDir();
      dirs.push(dir);
      const { store } = openStore(`${dir.path}/store.db`);
      let token: string | undefined;
      const accessToken = async () => (token ??= await deviceTokenOf(central.url, device.deviceId, device.deviceSecret));
      const make = (more: Partial<SyncEngineOptions>) =>
        createSyncEngine({ store, centralUrl: central.url, clientId: device.deviceId, accessToken, listen: false, backoff: { baseMs: 20, maxMs: 200 }, ...overrides, ...more });
      const ws: TestWorkstation = { deviceId: device.deviceId, store, engine: make({}), restart: (more = {}) => (ws.engine = make(more)) };
      workstations.push(ws);
      return ws;
    },
    async close() {
      for (const ws of workstations) {
        await ws.engine.stop();
        ws.store.close();
      }
      for (const dir of dirs) dir.remove();
      // A fetch cut by stop() can leave a connected socket that never sent a request; Node counts
      // it as busy, not idle, and would keep Central's close waiting for its headers timeout.
      central.app.server.closeAllConnections();
      await central.close();
    },
  };
}

export type TestClinic = Awaited<ReturnType<typeof startTestClinic>>;

/**
 * Syncs until `check` holds. The change feed shows a transaction only once every older one in the
 * database cluster has ended, so on a PostgreSQL server shared with other test files a change can
 * take a moment to appear; a test that waits for one says so with this.
 */
export async function syncUntil(ws: TestWorkstation, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`syncUntil: still not there after ${timeoutMs} ms`);
    await ws.engine.syncNow();
    if (!check()) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
