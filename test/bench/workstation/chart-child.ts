/**
 * A chart opened once in a process of its own, as after the workstation starts: the store opened
 * (key checked, schema up to date) and the patient's chart assembled with nothing kept and SQLite's
 * page cache empty. With MEDKARTA_BENCH_WARM_UP=1 the chart's code is first warmed as the host does
 * at login (services/store/chart-warm-up.ts), then the process idles 250 ms (the person looks at
 * the day's list before choosing a patient; compilation finishes in the background); without it
 * nothing is compiled yet. Sends the times (the opening's by the clock and in CPU time) to the parent (chart.bench.ts).
 * Environment: MEDKARTA_BENCH_STORE, MEDKARTA_BENCH_KEY, MEDKARTA_BENCH_PATIENT, MEDKARTA_BENCH_WARM_UP.
 */
import type { Patient } from '@medplum/fhirtypes';
import { LocalStore } from '../../../src-main/db/local-store.js';
import { parseDatabaseKey } from '../../../src-main/keys/database-key.js';
import { StoreChart } from '../../../src-main/services/store/chart.js';
import { warmUpChartCode } from '../../../src-main/services/store/chart-warm-up.js';
import { patientSummary } from '../../../src-main/services/store/patient-resource.js';

const { MEDKARTA_BENCH_STORE: path, MEDKARTA_BENCH_KEY: key, MEDKARTA_BENCH_PATIENT: patientId, MEDKARTA_BENCH_WARM_UP: warm } = process.env;
if (!path || !key || !patientId) throw new Error('chart-child.ts needs MEDKARTA_BENCH_STORE, MEDKARTA_BENCH_KEY and MEDKARTA_BENCH_PATIENT');

const opening = performance.now();
const store = LocalStore.open(path, parseDatabaseKey(key, 'MEDKARTA_BENCH_KEY'));
const open = performance.now() - opening;
let warmUp = 0;
if (warm === '1') {
  const warming = performance.now();
  await warmUpChartCode('2025-06-10');
  warmUp = performance.now() - warming;
  await new Promise((resolve) => setTimeout(resolve, 250));
}
const chart = new StoreChart({ store: () => store, now: () => new Date('2025-06-10T08:00:00Z'), summary: (_s, p: Patient) => patientSummary(p, { local: true, asOf: null }) });
const cpuStart = process.cpuUsage();
const start = performance.now();
const view = chart.get(patientId);
const first = performance.now() - start;
const cpuUsed = process.cpuUsage(cpuStart);
store.close();
process.send!({ open, warmUp, first, firstCpu: (cpuUsed.user + cpuUsed.system) / 1000, resources: view?.resourceCount ?? 0 });
