import { join } from 'node:path';
import type { Patient, Resource } from '@medplum/fhirtypes';
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
  const key = generateDatabaseKey();
  const store = LocalStore.open(join(dir.path, 'store.db'), key);
  const other = LocalStore.open(join(dir.path, 'store.db'), key);
  try {
    const { resources } = largeRecord('bench-patient', size);
    store.resources.upsertMany(resources.map((r) => ({ ...r, meta: { versionId: '1', lastUpdated: '2025-06-01T08:00:00Z' } })));
    const chart = new StoreChart({ store: () => store, now: () => new Date('2025-06-10T08:00:00Z'), summary: (_s, p: Patient) => patientSummary(p, { local: true, asOf: null }) });
    for (let i = 0; i < 30; i++) chart.get('bench-patient');
    // A reopening finds the record parsed (db/record-cache.ts). A page from Central or an edit made
    // through this process's connection re-reads only the resources it wrote; a commit by another
    // connection to the file (another process: the headless sync, say) drops the record, and the
    // opening after it reads and parses all of it again, as does a patient's first opening: all timed.
    const patient = resources.find((r) => r.resourceType === 'Patient')!;
    const condition = resources.find((r) => r.resourceType === 'Condition')!;
    let version = 1;
    const meta = () => ({ versionId: String(++version), lastUpdated: '2025-06-01T08:00:00Z' });
    const page = () => store.applyPage([{ ...patient, meta: meta() }], `cursor-${version}`);
    const localEdit = () => store.resources.writeLocal({ ...condition, meta: meta(), recordedDate: version % 2 ? '2020-01-02' : '2020-01-03' } as Resource);
    const otherConnection = () => other.resources.upsertMany([{ ...patient, meta: meta() }]);
    let count = 0;
    const scenarios = [
      ['reopened, record unchanged', () => undefined],
      ['first opening after a page from Central changed the record (this connection)', page],
      ['first opening after a local edit of the record', localEdit],
      ['first opening after another connection committed a change (whole record read and parsed)', otherConnection],
    ] as const;
    for (const [what, before] of scenarios) {
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
    other.close();
    store.close();
    dir.remove();
  }
}
