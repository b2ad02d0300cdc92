import { join } from 'node:path';
import type { Patient } from '@medplum/fhirtypes';
import { largeRecord } from '../../../src-main/chart/fixtures/large-record.js';
import { LocalStore } from '../../../src-main/db/local-store.js';
import { generateDatabaseKey } from '../../../src-main/keys/database-key.js';
import { StoreChart } from '../../../src-main/services/store/chart.js';
import { patientSummary } from '../../../src-main/services/store/patient-resource.js';
import { makeTempDir } from '../../fixtures/workstation/temp-dir.js';
import { figures, loadNote, measure } from './stats.js';

/** The chart of a patient with `size` resources, read from the encrypted store and assembled, as chart.get does. */
export async function chartBench(size = 2000, runs = 300): Promise<void> {
  const dir = makeTempDir('medkarta-bench-chart-');
  const store = LocalStore.open(join(dir.path, 'store.db'), generateDatabaseKey());
  try {
    const { resources } = largeRecord('bench-patient', size);
    store.resources.upsertMany(resources.map((r) => ({ ...r, meta: { versionId: '1', lastUpdated: '2025-06-01T08:00:00Z' } })));
    const chart = new StoreChart({ store: () => store, now: () => new Date('2025-06-10T08:00:00Z'), summary: (_s, p: Patient) => patientSummary(p, { local: true, asOf: null }) });
    for (let i = 0; i < 30; i++) chart.get('bench-patient');
    // A reopening finds the record parsed (db/record-cache.ts); a first opening after any change
    // to the record (a page from Central, an edit here) reads and parses it all again: both are timed.
    const patient = resources.find((r) => r.resourceType === 'Patient')!;
    let version = 1;
    const touch = () => store.resources.upsertMany([{ ...patient, meta: { versionId: String(++version), lastUpdated: '2025-06-01T08:00:00Z' } }]);
    let count = 0;
    for (const [what, before] of [['reopened, record unchanged', () => undefined], ['first opening after a change to the record', touch]] as const) {
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < runs; i++) {
        before();
        const run = measure(() => chart.get('bench-patient')!);
        count = run.value.resourceCount;
        wall.push(run.wall);
        cpu.push(run.cpu);
      }
      console.log(`chart of a patient with ${count} resources, ${what}: read from the encrypted store and assembled (${runs} openings; goal p95 < 30 ms):`);
      console.log(`  ${figures(wall, cpu)} (${loadNote()})`);
    }
  } finally {
    store.close();
    dir.remove();
  }
}
