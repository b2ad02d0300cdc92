import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Resource } from '@medplum/fhirtypes';
import { assembleRecordPart, CHART_RECORD_PART_FORMAT } from '../../chart/assemble.js';
import type { LocalStore } from '../../db/local-store.js';
import type { PatientRecord } from '../../db/record-cache.js';

/**
 * Records at least this large get a kept chart part. A 300-resource record's first opening reads
 * and assembles in a few ms; a 2,000-resource one spends most of its time reading and parsing
 * resources the kept part replaces with one compact text (test/bench/workstation/chart.bench.ts).
 */
export const CHART_PART_MIN_ROWS = 300;
/** Parts built per upkeep run, one per event-loop turn: a 2,000-resource record takes the main thread some tens of ms. */
export const CHART_PARTS_PER_RUN = 10;

export interface BuiltChartPart {
  patientId: string;
  rows: number;
  kept: boolean;
  ms: number;
}

/** The record's resources and the directory entries (institutions, practitioners) it names, read fresh: what the chart is assembled from. */
export function withDirectory(store: LocalStore, record: PatientRecord): Resource[] {
  const resources: Resource[] = [...record.resources];
  for (const key of record.directory) {
    const slash = key.indexOf('/');
    const found = store.resources.get(key.slice(0, slash) as Resource['resourceType'], key.slice(slash + 1));
    if (found) resources.push(found);
  }
  return resources;
}

/**
 * Idle-time upkeep: builds the kept chart parts (db/chart-parts.ts) that are missing or outdated,
 * up to `limit`, one per event-loop turn so a person's request waits for one at most. With
 * `lookForNew`, also for large records that never had one (a pass over the patient index);
 * otherwise only the parts the store's writes emptied. `store` is asked again before each: it may
 * close meanwhile.
 */
export async function buildChartParts(store: () => LocalStore | null, lookForNew: boolean, now: () => Date, limit = CHART_PARTS_PER_RUN): Promise<BuiltChartPart[]> {
  const wanted = store()?.chartParts.wanted(CHART_RECORD_PART_FORMAT, limit, lookForNew ? CHART_PART_MIN_ROWS : undefined) ?? [];
  const built: BuiltChartPart[] = [];
  for (const patientId of wanted) {
    await nextTurn();
    const open = store();
    if (!open) break;
    const started = performance.now();
    const { kept, rows } = buildChartPart(open, patientId, now());
    built.push({ patientId, rows, kept, ms: performance.now() - started });
  }
  return built;
}

/**
 * Builds and keeps one patient's chart part from the record as it is now. Not kept when the record
 * holds a change not yet sent (the chart marks those visits, and the mark goes when Central
 * confirms) or when the record changed while it was built; a patient no longer here loses the row.
 */
export function buildChartPart(store: LocalStore, patientId: string, builtAt: Date): { kept: boolean; rows: number } {
  const pending = store.pendingResources.keys();
  if (holdsAny(store, patientId, pending)) return { kept: false, rows: store.chartParts.rowsOf(patientId) };
  const { record, head, rows } = store.resources.recordAtPosition(patientId);
  if (rows === 0) {
    store.chartParts.forget(patientId);
    return { kept: false, rows };
  }
  const part = assembleRecordPart(withDirectory(store, record), patientId, new Set());
  const kept = store.chartParts.keep({ patientId, format: CHART_RECORD_PART_FORMAT, rows, head, content: JSON.stringify(part), builtAt: builtAt.toISOString() });
  return { kept, rows };
}

/** Whether any of the resources named ("Type/id") is in the patient's record now. */
export function holdsAny(store: LocalStore, patientId: string, keys: ReadonlySet<string>): boolean {
  for (const key of keys) {
    const slash = key.indexOf('/');
    if (store.resources.holderOf(key.slice(0, slash), key.slice(slash + 1)) === patientId) return true;
  }
  return false;
}
