import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ResourceRepository } from './resources.js';

/** Smaller records cost little to read however their rows lie. */
export const CLUSTER_MIN_ROWS = 200;
/** A record whose rows spread over more than this many times as many rowids shares most pages with other patients. */
export const CLUSTER_SPREAD = 3;
/** Records put together per upkeep run, each in its own transaction: a 2,000-row one holds the write lock about 0.2 s (mostly the commit writing the pages it touched). */
export const CLUSTER_PER_RUN = 5;

export interface ClusteredRecord {
  patientId: string;
  rows: number;
  ms: number;
}

/**
 * Idle-time upkeep: puts back together the rows of up to `limit` large scattered records (see
 * ResourceRepository.clusterRecord), each in a short transaction of its own, giving the event loop a
 * turn between them so a request or a sync page never waits for more than one record. `resources`
 * is asked again before each record: the store may close meanwhile.
 */
export async function clusterScatteredRecords(resources: () => ResourceRepository | null, limit = CLUSTER_PER_RUN): Promise<ClusteredRecord[]> {
  const found = resources()?.scatteredRecords(CLUSTER_MIN_ROWS, CLUSTER_SPREAD, limit) ?? [];
  const done: ClusteredRecord[] = [];
  for (const patientId of found) {
    await nextTurn();
    const repository = resources();
    if (!repository) break;
    const started = performance.now();
    const rows = repository.clusterRecord(patientId);
    done.push({ patientId, rows, ms: performance.now() - started });
  }
  return done;
}
