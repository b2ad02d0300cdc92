import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Resource } from '@medplum/fhirtypes';
import { assembleRecordPart, finishChart, type ChartRecordPart } from '../../chart/assemble.js';
import { largeRecord } from '../../chart/sample-records/large-record.js';
import { PATIENT_ID, patientSummary, recordResources } from '../../chart/sample-records/record.js';
import { PatientRecordCache, type RecordRow, type RecordSource } from '../../db/record-cache.js';

/**
 * Rounds of reading and assembling the generated record. In a process just started the first
 * chart ran its code cold: about 30 ms of a 2,000-resource chart's 60 went to the interpreter and
 * the compiler. One round left half of that; four brought the first real opening within a few ms
 * of a warm one (test/bench/workstation/chart.bench.ts); more gained nothing.
 */
const ROUNDS = 4;

let running: Promise<void> | null = null;

/**
 * Runs the chart's read and assembly code, and the opening of a kept part, on a generated record (no patient's data, nothing read
 * from or kept in the store) so that a person's first chart in this process finds it compiled.
 * Each parse and each assembly is a turn of its own, so a call arriving meanwhile waits for one
 * step at most. One run at a time; a call during a run returns it.
 */
export function warmUpChartCode(today: string): Promise<void> {
  running ??= warmUp(today).finally(() => (running = null));
  return running;
}

async function warmUp(today: string): Promise<void> {
  await nextTurn();
  const rows = warmUpRows();
  const source: RecordSource = { position: () => ({ head: 0, schema: 0 }), rows: () => rows, changesSince: () => [], current: () => undefined };
  for (let round = 0; round < ROUNDS; round++) {
    await nextTurn();
    // The record cache's whole read (parse, freeze, directory references), as at a first opening.
    const record = new PatientRecordCache(1).get(PATIENT_ID, source, false);
    await nextTurn();
    const part = assembleRecordPart(record.resources, PATIENT_ID, new Set());
    await nextTurn();
    // A kept part's opening (db/chart-parts.ts): its text parsed and finished.
    finishChart(JSON.parse(JSON.stringify(part)) as ChartRecordPart, { today, syncedAt: null, patientSummary });
  }
}

/**
 * The generated record as stored rows: every chart section's resource kinds (the realistic
 * record) and a 2,000-resource record's volume, each with meta as Central writes it (appended).
 */
export function warmUpRows(): RecordRow[] {
  const generated = largeRecord(PATIENT_ID, 2000, 11).resources.filter((r) => r.resourceType !== 'Patient');
  const resources: Resource[] = [...recordResources(), ...generated];
  return resources.map((resource, at) => [at + 1, JSON.stringify({ ...resource, meta: { versionId: '1', lastUpdated: '2025-06-01T08:00:00Z' } })]);
}
