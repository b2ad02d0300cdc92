import type { SqliteDatabase } from './open.js';
import { ResourceChangeLog } from './resource-change-log.js';

/** Resource types a chart names but no patient's compartment holds: a write of one may change any chart. */
export const DIRECTORY_TYPES: ReadonlySet<string> = new Set(['Organization', 'Practitioner', 'PractitionerRole', 'Location']);

/** A part about to be kept: built from the record read at change `head` of the store, `rows` rows. */
export interface ChartPartToKeep {
  patientId: string;
  format: number;
  rows: number;
  head: number;
  content: string;
  builtAt: string;
}

/**
 * The kept chart parts of large records (migration 5): JSON text that chart/assemble.ts turns into
 * a chart without the record. A part is used only while it is exactly what the record would give:
 * the repository empties it in the transaction of every write naming the patient, of a resource
 * leaving the patient's record that it knows of (a deletion, a forgotten resource) and of any
 * directory entry; a resource moved to another patient by a newer version is caught at reading, by
 * the number of the patient's rows. A part is written only if nothing it was built from changed
 * since its read (`keep`).
 */
export class ChartParts {
  private readonly emptyOne;
  private readonly emptyAll;
  private readonly deleteOne;
  private readonly selectCurrent;
  private readonly countRows;
  private readonly upsert;
  private readonly selectEmptied;
  private readonly selectOutdated;
  private readonly selectLargeWithout;
  private readonly currentInSnapshot;
  private readonly changes: ResourceChangeLog;

  constructor(private readonly db: SqliteDatabase) {
    this.changes = new ResourceChangeLog(db);
    this.emptyOne = db.prepare<[string]>('UPDATE chart_part SET content = NULL WHERE patient_id = ? AND content IS NOT NULL');
    this.emptyAll = db.prepare('UPDATE chart_part SET content = NULL WHERE content IS NOT NULL');
    this.deleteOne = db.prepare<[string]>('DELETE FROM chart_part WHERE patient_id = ?');
    this.selectCurrent = db.prepare<[string, number], { rows: number; content: string }>(
      'SELECT rows, content FROM chart_part WHERE patient_id = ? AND format = ? AND content IS NOT NULL',
    );
    // From resources_patient_idx alone: no row of the record is read.
    this.countRows = db.prepare<[string], number>('SELECT count(*) FROM resources WHERE patient_id = ?').pluck();
    this.upsert = db.prepare<[string, number, number, string, string]>(
      `INSERT INTO chart_part (patient_id, format, rows, built_at, content) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (patient_id) DO UPDATE SET format = excluded.format, rows = excluded.rows, built_at = excluded.built_at, content = excluded.content`,
    );
    this.selectEmptied = db.prepare<[number], string>('SELECT patient_id FROM chart_part INDEXED BY chart_part_emptied_idx WHERE content IS NULL LIMIT ?').pluck();
    this.selectOutdated = db
      .prepare<[number, number], string>(
        `SELECT patient_id FROM chart_part
          WHERE content IS NOT NULL AND (format != ? OR rows != (SELECT count(*) FROM resources WHERE patient_id = chart_part.patient_id))
          LIMIT ?`,
      )
      .pluck();
    this.selectLargeWithout = db
      .prepare<[number, number], string>(
        `SELECT patient_id FROM resources INDEXED BY resources_patient_idx WHERE patient_id IS NOT NULL
         GROUP BY patient_id HAVING count(*) >= ? AND patient_id NOT IN (SELECT patient_id FROM chart_part)
         ORDER BY count(*) DESC LIMIT ?`,
      )
      .pluck();
    this.currentInSnapshot = db.transaction((patientId: string, format: number) => {
      const kept = this.selectCurrent.get(patientId, format);
      return kept && kept.rows === this.countRows.get(patientId) ? kept.content : undefined;
    });
  }

  /** The patient's kept part in this format, if it is still what the record gives; read in one snapshot with the record's row count. */
  current(patientId: string, format: number): string | undefined {
    return this.currentInSnapshot(patientId, format);
  }

  /** Called by the repository inside the write's transaction: the patient's record changed. */
  recordChanged(patientId: string): void {
    this.emptyOne.run(patientId);
  }

  /** Called by the repository inside the write's transaction: a directory entry changed, and any chart may name it. */
  directoryChanged(): void {
    this.emptyAll.run();
  }

  /** Called by the repository when the patient's record leaves the store: nothing of it stays. */
  forget(patientId: string): void {
    this.deleteOne.run(patientId);
  }

  /** The number of the patient's rows as a part counts them (resources_patient_idx alone). */
  rowsOf(patientId: string): number {
    return this.countRows.get(patientId) ?? 0;
  }

  /**
   * Keeps a part if nothing it was built from changed after its read: no change since `head` names
   * the patient or a directory entry, and the log still reaches back to `head` (otherwise nothing
   * is kept; the upkeep builds it again later). A resource that left the record meanwhile is caught
   * by the row count at reading. One write transaction; returns whether the part was kept.
   */
  keep(part: ChartPartToKeep): boolean {
    return this.db.transaction(() => {
      const now = this.changes.head();
      if (now !== part.head) {
        const since = this.changes.since(part.head, now);
        if (!since) return false;
        for (const [holder, key] of since) {
          if (holder === part.patientId) return false;
          const type = key.slice(0, key.indexOf('/'));
          if (DIRECTORY_TYPES.has(type)) return false;
        }
      }
      this.upsert.run(part.patientId, part.format, part.rows, part.builtAt, part.content);
      return true;
    }).immediate();
  }

  /**
   * Patients whose part a write emptied: cheap (an index of those alone), for every upkeep run.
   * With `minRows`, the look over the index: also parts of another format or whose record's rows
   * differ (a resource moved away), and records of at least that many rows with no part yet, largest
   * first (a pass over the whole patient index, about 90 ms for 500,000 resources).
   */
  wanted(format: number, limit: number, minRows?: number): string[] {
    const wanted = this.selectEmptied.all(limit);
    if (minRows === undefined || wanted.length >= limit) return wanted;
    wanted.push(...this.selectOutdated.all(format, limit - wanted.length));
    if (wanted.length >= limit) return wanted;
    return [...wanted, ...this.selectLargeWithout.all(minRows, limit - wanted.length)];
  }
}
