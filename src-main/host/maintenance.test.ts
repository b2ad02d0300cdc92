import type { Resource } from '@medplum/fhirtypes';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeTempDir } from '../../test/fixtures/workstation/temp-dir.js';
import { CHART_RECORD_PART_FORMAT } from '../chart/assemble.js';
import { LocalStore } from '../db/local-store.js';
import { generateDatabaseKey } from '../keys/database-key.js';
import type { PopulationRegisterPort } from '../services/ports.js';
import type { CentralCall } from '../session/central-http.js';
import type { WorkstationSession } from '../session/session.js';
import { Maintenance } from './maintenance.js';

let dir: ReturnType<typeof makeTempDir>;
let store: LocalStore;
beforeEach(() => {
  dir = makeTempDir();
  store = LocalStore.open(join(dir.path, 'store.db'), generateDatabaseKey());
});
afterEach(() => {
  store.close();
  dir.remove();
});

const observation = (id: string, patientId: string): Resource => ({
  resourceType: 'Observation',
  id,
  meta: { versionId: '1', lastUpdated: '2025-06-01T08:00:00Z' },
  status: 'final',
  code: { text: 'Пульс' },
  subject: { reference: `Patient/${patientId}` },
});

/** 300 observations of `patientId`, each followed by three of nine other patients': one row in four. */
function scatteredRecord(patientId: string): void {
  const rows: Resource[] = [];
  for (let i = 0; i < 300; i++) {
    rows.push(observation(`${patientId}-${i}`, patientId));
    for (let k = 0; k < 3; k++) rows.push(observation(`o-${patientId}-${i}-${k}`, `other-${(3 * i + k) % 9}`));
  }
  store.resources.upsertMany(rows);
}

let clock = new Date('2025-06-10T08:00:00Z');
const failures: unknown[] = [];
const maintenance = () =>
  new Maintenance({
    store: () => store,
    // Nobody logged in: the register checks and the ICD-10 pull do nothing.
    session: { currentProfile: () => null, accessToken: async () => null } as unknown as WorkstationSession,
    register: {} as PopulationRegisterPort,
    call: (() => Promise.reject(new Error('no network'))) as unknown as CentralCall,
    now: () => clock,
    log: (_message, error) => failures.push(error),
  });

it('puts a large scattered record together in its run, with nobody logged in and no network', async () => {
  scatteredRecord('p1');
  expect(store.resources.scatteredRecords(200, 3, 10)).toEqual(['p1']);
  await maintenance().run();
  expect(failures).toEqual([]);
  expect(store.resources.scatteredRecords(200, 3, 10)).toEqual([]);
  expect(store.resources.patientRecord('p1').resources.map((r) => r.id)).toEqual(Array.from({ length: 300 }, (_, i) => `p1-${i}`));
});

it('looks for scattered records again only a while after a run that left none (the look reads the whole patient index, and a sync may end every few seconds)', async () => {
  const upkeep = maintenance();
  await upkeep.run();
  scatteredRecord('p2');
  clock = new Date(clock.getTime() + 60_000);
  await upkeep.run();
  expect(store.resources.scatteredRecords(200, 3, 10)).toEqual(['p2']);
  clock = new Date(clock.getTime() + 15 * 60_000);
  await upkeep.run();
  expect(store.resources.scatteredRecords(200, 3, 10)).toEqual([]);
  expect(failures).toEqual([]);
});

it('keeps the chart part of a large record, and builds it again after a write emptied it, without waiting for the next look over the index', async () => {
  const upkeep = maintenance();
  scatteredRecord('p3');
  const keptFor = () => ['p3', 'other-0'].filter((p) => store.chartParts.current(p, CHART_RECORD_PART_FORMAT) !== undefined);
  expect(keptFor()).toEqual([]);
  await upkeep.run();
  // other-0 holds 100 rows: below CHART_PART_MIN_ROWS, its chart is quick to assemble anyway.
  expect(keptFor()).toEqual(['p3']);
  store.resources.writeLocal(observation('p3-0', 'p3'));
  expect(keptFor()).toEqual([]);
  clock = new Date(clock.getTime() + 60_000);
  await upkeep.run();
  expect(keptFor()).toEqual(['p3']);
  expect(failures).toEqual([]);
});
