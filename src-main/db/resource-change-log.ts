import type { SqliteDatabase } from './open.js';

/** Every this many changes, those older than KEPT are deleted: at least KEPT are always there. */
const PRUNE_EVERY = 4096;
const CHANGES_KEPT = 8192;
/** How far back `since` answers: surely logged still, and beyond it reading a record whole is as cheap. */
const CHANGES_ANSWERED = CHANGES_KEPT / 2;

/** One logged write: the patient whose compartment holds the resource now ('' none), and its "Type/id" ('' the whole record removed). */
export type LoggedChange = readonly [patientId: string, key: string];

/**
 * The replica's change log (migration 4): what the kept records of every connection follow. Called
 * by the repository for each row it writes, inside the write's transaction.
 */
export class ResourceChangeLog {
  private readonly insert;
  private readonly prune;
  private readonly selectSince;
  private readonly selectHead;

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare<[string, string, string]>('INSERT INTO resource_change (patient_id, type, id) VALUES (?, ?, ?)');
    this.selectHead = db.prepare<[], number>('SELECT coalesce(max(seq), 0) FROM resource_change').pluck();
    this.prune = db.prepare<[number]>('DELETE FROM resource_change WHERE seq <= ?');
    this.selectSince = db
      .prepare<[number, number], LoggedChange>("SELECT patient_id, CASE WHEN type = '' THEN '' ELSE type || '/' || id END FROM resource_change WHERE seq > ? AND seq <= ? ORDER BY seq")
      .raw();
  }

  /** A resource written (stored, replaced, tombstoned, forgotten); `patientId` holds it now, null for none. */
  written(patientId: string | null, type: string, id: string): void {
    this.append(patientId ?? '', type, id);
  }

  /** A patient's whole record removed (left the scope) or written again whole (clustered): kept copies are read again. */
  removed(patientId: string): void {
    this.append(patientId, '', '');
  }

  /** Changes a statement of the repository's logged in bulk (a page's rows): pruned as if they had come one by one. */
  loggedInBulk(result: { changes: number; lastInsertRowid: number | bigint }): void {
    if (result.changes === 0) return;
    const last = Number(result.lastInsertRowid);
    if (Math.floor(last / PRUNE_EVERY) > Math.floor((last - result.changes) / PRUNE_EVERY)) this.prune.run(last - CHANGES_KEPT);
  }

  /** The number of the last change logged (0 before the first). */
  head(): number {
    return this.selectHead.get() ?? 0;
  }

  /** Every change after `after` up to `head`, oldest first; undefined when that reaches further back than the log surely keeps. */
  since(after: number, head: number): LoggedChange[] | undefined {
    return head - after > CHANGES_ANSWERED ? undefined : this.selectSince.all(after, head);
  }

  private append(patientId: string, type: string, id: string): void {
    const seq = Number(this.insert.run(patientId, type, id).lastInsertRowid);
    if (seq % PRUNE_EVERY === 0) this.prune.run(seq - CHANGES_KEPT);
  }
}
