import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { Patient, Resource } from '@medplum/fhirtypes';
import { largeRecord } from '../../../src-main/chart/sample-records/large-record.js';
import { LocalStore } from '../../../src-main/db/local-store.js';
import { clusterScatteredRecords } from '../../../src-main/db/record-clustering.js';
import { generateDatabaseKey, type DatabaseKey } from '../../../src-main/keys/database-key.js';
import { StoreChart } from '../../../src-main/services/store/chart.js';
import { buildChartParts } from '../../../src-main/services/store/chart-parts.js';
import { patientSummary } from '../../../src-main/services/store/patient-resource.js';
import { makeTempDir } from '../../fixtures/workstation/temp-dir.js';
import { writeInterleavedRecord } from './interleaved-record.js';
import { figures, loadNote, measure, ms, percentiles } from './stats.js';

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
    // A reopening finds the record parsed (db/record-cache.ts). A page from Central, an edit made
    // through this process's connection or a commit by another connection to the file (another
    // process: the sync child, the headless host) re-reads only the resources it wrote (the store's
    // change log, migration 4). A patient's first opening reads and parses all of it: on a new
    // connection here, and in a process of its own just started. All timed.
    const patient = resources.find((r) => r.resourceType === 'Patient')!;
    const condition = resources.find((r) => r.resourceType === 'Condition')!;
    let version = 1;
    const meta = () => ({ versionId: String(++version), lastUpdated: '2025-06-01T08:00:00Z' });
    const page = () => store.applyPage([{ ...patient, meta: meta() }], `cursor-${version}`);
    const localEdit = () => store.resources.writeLocal({ ...condition, meta: meta(), recordedDate: version % 2 ? '2020-01-02' : '2020-01-03' } as Resource);
    const otherConnection = () => other.resources.upsertMany([{ ...patient, meta: meta() }]);
    const otherConnectionEdit = () => other.resources.writeLocal({ ...condition, meta: meta(), recordedDate: version % 2 ? '2020-01-02' : '2020-01-03' } as Resource);
    let count = 0;
    const scenarios = [
      ['reopened, record unchanged', () => undefined],
      ['first opening after a page from Central changed the record (this connection)', page],
      ['first opening after a local edit of the record', localEdit],
      ['first opening after another connection committed a page (its Patient)', otherConnection],
      ['first opening after another connection committed an edit of a Condition', otherConnectionEdit],
    ] as const;
    const openings = (what: string, before: () => unknown) => {
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < runs; i++) {
        before();
        const run = measure(() => chart.get('bench-patient')!);
        count = run.value.resourceCount;
        wall.push(run.wall);
        cpu.push(run.cpu);
      }
      console.log(`chart of a patient with ${count} resources, ${what} (${runs} openings; goal p95 < 30 ms):`);
      console.log(`  ${figures(wall, cpu)} (${loadNote()})`);
    };
    for (const [what, before] of scenarios) openings(`${what}: read from the encrypted store and assembled`, before);
    newConnectionOpenings(join(dir.path, 'store.db'), key, Math.min(runs, 100), 'arrived whole');
    const mixed = LocalStore.open(join(dir.path, 'interleaved.db'), key);
    try {
      writeInterleavedRecord(mixed, 'bench-patient', size);
    } finally {
      mixed.close();
    }
    newConnectionOpenings(join(dir.path, 'interleaved.db'), key, Math.min(runs, 100), 'arrived one resource at a time among 9 other patients\' (about one of its rows per page)');
    // The idle-time upkeep (host/maintenance.ts) as the workstation runs it, here over all ten
    // scattered records of the file (the neighbours are as large and as scattered).
    const upkept = LocalStore.open(join(dir.path, 'interleaved.db'), key);
    try {
      const clustered = await clusterScatteredRecords(() => upkept.resources, 10);
      const patient = clustered.find((c) => c.patientId === 'bench-patient');
      const each = percentiles(clustered.map((c) => c.ms));
      console.log(
        `upkeep clustered bench-patient's ${patient?.rows} rows on consecutive rowids in ${ms(patient?.ms ?? NaN)} (one transaction; ${clustered.length} records in the run, each p50 ${ms(each.p50)}, max ${ms(each.max)}) (${loadNote()})`,
      );
    } finally {
      upkept.close();
    }
    newConnectionOpenings(join(dir.path, 'interleaved.db'), key, Math.min(runs, 100), 'arrived interleaved as above, then clustered by the upkeep');
    await freshProcessOpenings(join(dir.path, 'store.db'), key, 15, false);
    await freshProcessOpenings(join(dir.path, 'store.db'), key, 15, true);
    // Everything above read the record itself (no kept part: every write empties the patient's).
    // The upkeep (host/maintenance.ts, after a login and each sync; `ws sync` too) keeps the chart
    // part of a large record (services/store/chart-parts.ts); from then on every opening, the first
    // in a process included, parses that one text instead of the record, until a write to it.
    const building = performance.now();
    const built = await buildChartParts(() => store, true, () => new Date('2025-06-10T08:00:00Z'));
    const part = built.find((b) => b.patientId === 'bench-patient');
    console.log(`upkeep kept bench-patient's chart part (${part?.rows} rows) in ${ms(part?.ms ?? NaN)} (${ms(performance.now() - building)} with the look over the patient index) (${loadNote()})`);
    openings('reopened, opened from the kept part', () => undefined);
    newConnectionOpenings(join(dir.path, 'store.db'), key, Math.min(runs, 100), 'chart part kept by the upkeep', 'the kept part read and parsed');
    await freshProcessOpenings(join(dir.path, 'store.db'), key, 15, false, 'chart part kept by the upkeep');
    await freshProcessOpenings(join(dir.path, 'store.db'), key, 15, true, 'chart part kept by the upkeep');
  } finally {
    other.close();
    store.close();
    dir.remove();
  }
}

/** The patient's first opening on a connection just opened (not timed), the program already warm: the whole record read and parsed, or its kept chart part. */
function newConnectionOpenings(path: string, key: DatabaseKey, runs: number, layout: string, read = 'whole record read and parsed'): void {
  const wall: number[] = [];
  const cpu: number[] = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const store = LocalStore.open(path, key);
    try {
      const chart = new StoreChart({ store: () => store, now: () => new Date('2025-06-10T08:00:00Z'), summary: (_s, p: Patient) => patientSummary(p, { local: true, asOf: null }) });
      const run = measure(() => chart.get('bench-patient')!);
      count = run.value.resourceCount;
      wall.push(run.wall);
      cpu.push(run.cpu);
    } finally {
      store.close();
    }
  }
  console.log(`chart of a patient with ${count} resources, ${layout}, first opening on a new connection (${read}; ${runs} connections):`);
  console.log(`  ${figures(wall, cpu)} (${loadNote()})`);
}

/**
 * The patient's first opening in a process just started (chart-child.ts), SQLite's page cache
 * empty: with nothing compiled (opened before the login's warm-up ran), and after the warm-up the
 * host runs at login (services/store/chart-warm-up.ts), as a doctor's first chart of the day.
 */
async function freshProcessOpenings(path: string, key: DatabaseKey, runs: number, warmUp: boolean, layout = 'arrived whole'): Promise<void> {
  const opens: number[] = [];
  const warmUps: number[] = [];
  const firsts: number[] = [];
  const firstCpus: number[] = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const child = fork(join(import.meta.dirname, 'chart-child.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, MEDKARTA_BENCH_STORE: path, MEDKARTA_BENCH_KEY: key, MEDKARTA_BENCH_PATIENT: 'bench-patient', MEDKARTA_BENCH_WARM_UP: warmUp ? '1' : '0' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    type Timed = { open: number; warmUp: number; first: number; firstCpu: number; resources: number };
    const timed = await new Promise<Timed>((resolve, reject) => {
      child.once('message', (message) => resolve(message as Timed));
      child.once('exit', (code) => reject(new Error(`chart-child.ts exited (${code}) before answering`)));
    });
    await new Promise((resolve) => child.once('exit', resolve));
    opens.push(timed.open);
    warmUps.push(timed.warmUp);
    firsts.push(timed.first);
    firstCpus.push(timed.firstCpu);
    count = timed.resources;
  }
  const first = percentiles(firsts);
  const firstCpu = percentiles(firstCpus);
  const open = percentiles(opens);
  const warm = percentiles(warmUps);
  const when = warmUp
    ? `after the login's warm-up of the chart code (p50 ${ms(warm.p50)}, p95 ${ms(warm.p95)}, off the opening's path) and 250 ms idle`
    : 'nothing compiled yet (before the warm-up)';
  console.log(`chart of a patient with ${count} resources, ${layout}, first opening in a process just started, ${when} (${runs} processes; the store opened before it, not counted):`);
  console.log(`  p50 ${ms(first.p50)}, p95 ${ms(first.p95)}, max ${ms(first.max)} by the clock; CPU p50 ${ms(firstCpu.p50)}, p95 ${ms(firstCpu.p95)}; opening the store p50 ${ms(open.p50)}, p95 ${ms(open.p95)} (${loadNote()})`);
}
