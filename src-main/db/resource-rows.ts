import type { SqliteDatabase } from './open.js';

/**
 * The resources of a pull page in the 'rows' layout (shared/sync/pull-rows.ts), read by SQLite:
 * the page's array as JSONB, every row checked. Parsed once; each statement that writes the page
 * reads this blob without parsing again.
 */
export interface ResourceRows {
  readonly jsonb: Buffer;
  readonly count: number;
}

/** A page's rows read, or what is wrong with them (the first wrong row, counted from 1). */
export type RowsReading = { rows: ResourceRows } | { problem: string };

/** One change the written rows make: the patient holding the resource after it and before it (null for none), and its type. */
export type RowChange = [holder: string | null, was: string | null, type: string];

// A FHIR id ([A-Za-z0-9\-.]{1,64}) as a GLOB: the rows are checked in SQL, so no row becomes a
// JavaScript value to be checked.
const isFhirId = (x: string) => `(length(${x}) BETWEEN 1 AND 64 AND ${x} NOT GLOB '*[^A-Za-z0-9.-]*')`;

/**
 * The statements that read and write a page's rows. Every row of a page is written by one
 * statement over `jsonb_each`, in C: on a first download of 500,000 resources, turning each into
 * JavaScript strings and binding them one by one cost more than SQLite's own insert.
 */
export class ResourceRowStatements {
  private readonly toJsonb;
  private readonly selectShape;
  private readonly selectProblem;
  private readonly selectChanges;
  private readonly selectPatients;
  private readonly insertLog;
  private readonly upsert;

  constructor(db: SqliteDatabase) {
    // A blob given to jsonb() would be taken for JSONB already: the answer's bytes are text.
    this.toJsonb = db.prepare<[Buffer], Buffer>('SELECT jsonb(CAST(? AS TEXT))').pluck();
    this.selectShape = db.prepare<[Buffer, Buffer], [string, number | null]>('SELECT json_type(?), json_array_length(?)').raw();
    // What the JSON layout's schema holds a resource to (an object with a resourceType and a FHIR
    // id), and a key that names it. `->>` gives a JSON string as text, a whole number as an
    // integer, null as NULL, and an array or object as its JSON text.
    this.selectProblem = db
      .prepare<[Buffer], [number, string]>(
        `SELECT n, CASE
           WHEN json_array_length(row) IS NOT 6 THEN 'not a key and a resource'
           WHEN typeof(type) IS NOT 'text' OR length(type) NOT BETWEEN 1 AND 64 THEN 'no resource type'
           WHEN typeof(id) IS NOT 'text' OR NOT ${isFhirId('id')} THEN 'no FHIR id'
           WHEN typeof(version) IS NOT 'integer' OR version < 1 THEN 'no version'
           WHEN json_type(row, '$[3]') NOT IN ('null', 'text') OR length(updated) > 64 THEN 'a lastUpdated that is not a time'
           WHEN typeof(patient) NOT IN ('null', 'text') OR NOT coalesce(${isFhirId('patient')}, true) THEN 'a patient that is not a FHIR id'
           WHEN row->>'$[5].resourceType' IS NOT type OR row->>'$[5].id' IS NOT id THEN 'a resource that is not the one its key names'
         END AS problem
         FROM (SELECT key + 1 AS n, value AS row, value->>0 AS type, value->>1 AS id, value->>2 AS version, value->>3 AS updated, value->>4 AS patient FROM jsonb_each(?))
         WHERE problem IS NOT NULL LIMIT 1`,
      )
      .raw();
    // Before the rows are written: who holds each resource the page changes, before and after.
    this.selectChanges = db
      .prepare<[Buffer], RowChange>(
        `SELECT DISTINCT page.value->>4, r.patient_id, page.value->>0
         FROM jsonb_each(?) AS page LEFT JOIN resources r ON r.type = page.value->>0 AND r.id = page.value->>1
         WHERE r.version_id IS NULL OR r.version_id < page.value->>2`,
      )
      .raw();
    // The Patients the page writes: newer than the stored version, or not stored.
    this.selectPatients = db
      .prepare<[Buffer], string>(
        `SELECT page.value->5 FROM jsonb_each(?) AS page WHERE page.value->>0 = 'Patient'
           AND NOT EXISTS (SELECT 1 FROM resources r WHERE r.type = 'Patient' AND r.id = page.value->>1 AND r.version_id >= page.value->>2)`,
      )
      .pluck();
    // Every row of the page, written or not: a reader of the log reads the resource's current row
    // again and keeps it only where it is now (record-cache.ts), so a row the store already held
    // newer costs that reader one read, and saves every page a lookup per row.
    this.insertLog = db.prepare<[Buffer]>(
      `INSERT INTO resource_change (patient_id, type, id) SELECT coalesce(page.value->>4, ''), page.value->>0, page.value->>1 FROM jsonb_each(?) AS page`,
    );
    // `value->5` is the resource as JSON text rendered from the JSONB: minified, as JSON.stringify
    // writes it. (`WHERE true` tells SQLite's parser the ON CONFLICT belongs to the INSERT.)
    this.upsert = db.prepare<{ rows: Buffer; now: string }>(
      `INSERT INTO resources (type, id, version_id, last_updated, deleted, patient_id, content)
       SELECT page.value->>0, page.value->>1, page.value->>2, coalesce(page.value->>3, @now), 0, page.value->>4, page.value->5 FROM jsonb_each(@rows) AS page WHERE true
       ON CONFLICT (type, id) DO UPDATE SET version_id = excluded.version_id, last_updated = excluded.last_updated,
         deleted = excluded.deleted, patient_id = excluded.patient_id, content = excluded.content
       WHERE excluded.version_id > resources.version_id`,
    );
  }

  /** Reads a page's array of rows (UTF-8 JSON text) and checks every row; nothing is written. */
  read(text: Buffer): RowsReading {
    let jsonb: Buffer;
    try {
      jsonb = this.toJsonb.get(text)!;
    } catch {
      return { problem: 'they are not JSON' };
    }
    const [type, count] = this.selectShape.get(jsonb, jsonb)!;
    if (type !== 'array' || count === null) return { problem: 'they are not an array' };
    const wrong = this.selectProblem.get(jsonb);
    if (wrong) return { problem: `resource ${wrong[0]}: ${wrong[1]}` };
    return { rows: { jsonb, count } };
  }

  /** What writing the rows will change (call before `write`): each holder, earlier holder and type once. */
  changes(rows: ResourceRows): RowChange[] {
    return this.selectChanges.all(rows.jsonb);
  }

  /** The Patients the rows will write (call before `write`), as JSON text. */
  patients(rows: ResourceRows): string[] {
    return this.selectPatients.all(rows.jsonb);
  }

  /** Logs the page's rows (in the transaction that writes them); the statement's result, for the log's pruning. */
  log(rows: ResourceRows): { changes: number; lastInsertRowid: number | bigint } {
    return this.insertLog.run(rows.jsonb);
  }

  /** Writes every row newer than the stored version; returns how many were written. */
  write(rows: ResourceRows, now: string): number {
    return this.upsert.run({ rows: rows.jsonb, now }).changes;
  }
}
