import type { Patient, Resource } from '@medplum/fhirtypes';
import { DIRECTORY_TYPES, type ChartParts } from './chart-parts.js';
import type { SqliteDatabase } from './open.js';
import { patientIdOf } from './compartment.js';
import { PatientIndexWriter } from './patient-index-writer.js';
import { ResourceChangeLog } from './resource-change-log.js';
import { ResourceRowStatements, type ResourceRows, type RowsReading } from './resource-rows.js';
import { PatientRecordCache, type CurrentRow, type PatientRecord, type RecordRow, type RecordSource, type StorePosition } from './record-cache.js';

/** A row of the resources table as stored. */
export interface RawRow {
  rowid: number;
  type: string;
  id: string;
  version_id: number;
  last_updated: string;
  deleted: number;
  patient_id: string | null;
  content: string;
}

/** A deletion as the replica learns it: the resource's identity and the version that deleted it. */
export interface Tombstone {
  resourceType: string;
  id: string;
  versionId: number;
  lastUpdated?: string;
}

export interface UpsertResult {
  applied: number;
  /** Rows not written because the store already held the same or a newer version. */
  skipped: number;
  /** The patients whose records the write changed (holders after and before), and whether it changed anything held by no patient. */
  changed: { patientIds: string[]; unheld: boolean };
}

interface Row {
  type: string;
  id: string;
  versionId: number;
  lastUpdated: string;
  deleted: 0 | 1;
  patientId: string | null;
  content: string;
}

/**
 * The FHIR replica. Versions only move forward: a page that arrives twice, or an old copy that
 * arrives after a newer one, changes nothing. Patients are indexed for search in the same
 * transaction as their resource row, so the index never disagrees with the replica. The parsed
 * records of the last charts opened (record-cache.ts), in this process and in any other, follow the
 * store through the change log (migration 4) that every write here adds to, in its transaction;
 * the kept chart parts of large records (chart-parts.ts) are emptied in it when what they were
 * built from changes.
 */
export class ResourceRepository {
  private readonly upsertNewer;
  private readonly upsertAlways;
  private readonly selectOne;
  private readonly selectVersion;
  private readonly selectByPatient;
  private readonly selectRecordRows;
  private readonly selectCurrentRow;
  private readonly selectPosition;
  private readonly selectByPatientAndTypes;
  private readonly deleteByPatient;
  private readonly deleteOne;
  private readonly selectClusterRows;
  private readonly insertRaw;
  private readonly selectScattered;
  private readonly selectHolder;
  private readonly index: PatientIndexWriter;
  private readonly rows: ResourceRowStatements;
  private readonly changes: ResourceChangeLog;
  private readonly records = new PatientRecordCache();
  private readonly recordSource: RecordSource;
  private readonly readRecordInSnapshot: (patientId: string) => PatientRecord;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly chartParts: ChartParts,
  ) {
    const insert = `INSERT INTO resources (type, id, version_id, last_updated, deleted, patient_id, content)
      VALUES (@type, @id, @versionId, @lastUpdated, @deleted, @patientId, @content)
      ON CONFLICT (type, id) DO UPDATE SET version_id = excluded.version_id, last_updated = excluded.last_updated,
        deleted = excluded.deleted, patient_id = excluded.patient_id, content = excluded.content`;
    this.upsertNewer = db.prepare<Row>(`${insert} WHERE excluded.version_id > resources.version_id`);
    this.upsertAlways = db.prepare<Row>(insert);
    this.selectOne = db.prepare<[string, string], { content: string }>('SELECT content FROM resources WHERE type = ? AND id = ? AND deleted = 0');
    this.selectVersion = db.prepare<[string, string], { v: number }>('SELECT version_id AS v FROM resources WHERE type = ? AND id = ?');
    this.selectByPatient = db.prepare<[string], { content: string }>('SELECT content FROM resources WHERE patient_id = ? AND deleted = 0');
    // The order resources_patient_idx gives anyway (no sort), written out because the kept records
    // put a re-read resource back in this same order (record-cache.ts).
    this.selectRecordRows = db
      .prepare<[string], RecordRow>('SELECT rowid, content FROM resources WHERE patient_id = ? AND deleted = 0 ORDER BY type, rowid')
      .raw();
    this.selectHolder = db.prepare<[string, string], string | null>('SELECT patient_id FROM resources WHERE type = ? AND id = ?').pluck();
    this.selectCurrentRow = db.prepare<[string, string], CurrentRow>(
      'SELECT rowid, patient_id AS patientId, deleted, content FROM resources WHERE type = ? AND id = ?',
    );
    this.selectPosition = db
      .prepare<[], [number, number]>('SELECT coalesce((SELECT max(seq) FROM resource_change), 0), (SELECT schema_version FROM pragma_schema_version)')
      .raw();
    this.changes = new ResourceChangeLog(db);
    this.recordSource = {
      position: (): StorePosition => {
        const [head, schema] = this.selectPosition.get()!;
        return { head, schema };
      },
      rows: (patientId) => this.selectRecordRows.all(patientId),
      changesSince: (after, head) => this.changes.since(after, head),
      current: (type, id) => this.selectCurrentRow.get(type, id),
    };
    this.readRecordInSnapshot = db.transaction((patientId: string) => this.records.get(patientId, this.recordSource, true));
    this.selectByPatientAndTypes = db.prepare<[string, string], { content: string }>(
      'SELECT content FROM resources WHERE patient_id = ? AND deleted = 0 AND type IN (SELECT value FROM json_each(?))',
    );
    this.deleteByPatient = db.prepare<[string]>('DELETE FROM resources WHERE patient_id = ?');
    this.deleteOne = db.prepare<[string, string]>('DELETE FROM resources WHERE type = ? AND id = ?');
    this.index = new PatientIndexWriter(db);
    this.rows = new ResourceRowStatements(db);
    this.selectClusterRows = db.prepare<[string], RawRow>(
      'SELECT rowid, type, id, version_id, last_updated, deleted, patient_id, content FROM resources WHERE patient_id = ? ORDER BY type, rowid',
    );
    this.insertRaw = db.prepare<[string, string, number, string, number, string | null, string]>(
      'INSERT INTO resources (type, id, version_id, last_updated, deleted, patient_id, content) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    // Read from resources_patient_idx alone (patient_id, type, and the rowid every index entry ends with).
    this.selectScattered = db
      .prepare<[number, number, number], string>(
        `SELECT patient_id FROM resources INDEXED BY resources_patient_idx WHERE patient_id IS NOT NULL
         GROUP BY patient_id HAVING count(*) >= ? AND max(rowid) - min(rowid) + 1 > ? * count(*)
         ORDER BY count(*) DESC LIMIT ?`,
      )
      .pluck();
  }

  /**
   * Reads the resource rows of a pull page in the 'rows' layout (UTF-8 JSON text) and checks each;
   * nothing is written. What it gives is written by `upsertMany`.
   */
  readRows(text: Buffer): RowsReading {
    return this.rows.read(text);
  }

  /**
   * Writes every resource whose version is newer than the stored one, all in one transaction:
   * resources as objects, a page's rows as SQLite read them (`rows`, keyed by Central), and deletions.
   */
  upsertMany(resources: readonly Resource[], tombstones: readonly Tombstone[] = [], rows?: ResourceRows): UpsertResult {
    return this.db.transaction(() => {
      let applied = 0;
      const changed = new ChangedCharts();
      if (rows) applied += this.writeRows(rows, changed);
      for (const resource of resources) {
        const row = toRow(resource);
        if (this.upsertNewer.run(row).changes === 0) continue;
        applied++;
        this.changes.written(row.patientId, row.type, row.id);
        changed.add(row.patientId, row.type);
        if (resource.resourceType === 'Patient') this.index.put(resource as Patient);
      }
      for (const tombstone of tombstones) {
        const holder = this.holderOf(tombstone.resourceType, tombstone.id);
        if (this.upsertNewer.run(tombstoneRow(tombstone)).changes === 0) continue;
        applied++;
        this.changes.written(null, tombstone.resourceType, tombstone.id);
        changed.add(holder, tombstone.resourceType);
        if (tombstone.resourceType === 'Patient') this.index.remove(tombstone.id);
      }
      changed.empty(this.chartParts);
      return { applied, skipped: resources.length + tombstones.length + (rows?.count ?? 0) - applied, changed: changed.records() };
    })();
  }

  /** A page's rows, each statement over the whole page; the log, the search index and the kept parts follow as for single writes. */
  private writeRows(rows: ResourceRows, changed: ChangedCharts): number {
    for (const [holder, was, type] of this.rows.changes(rows)) {
      changed.add(holder, type);
      if (was !== null && was !== holder) changed.add(was, type);
    }
    const patients = this.rows.patients(rows);
    this.changes.loggedInBulk(this.rows.log(rows));
    const applied = this.rows.write(rows, new Date().toISOString());
    for (const patient of patients) this.index.put(JSON.parse(patient) as Patient);
    return applied;
  }

  /** Marks a resource deleted if the deleting version is newer than what is stored. */
  tombstone(tombstone: Tombstone): boolean {
    return this.upsertMany([], [tombstone]).applied === 1;
  }

  /**
   * A change made on this workstation, written at once whatever version is stored: the person's
   * edit must show immediately; Central's answer (a newer version, or a refusal) comes later.
   */
  writeLocal(resource: Resource): void {
    this.db.transaction(() => {
      const row = toRow(resource);
      this.upsertAlways.run(row);
      this.changes.written(row.patientId, row.type, row.id);
      new ChangedCharts().add(row.patientId, row.type).empty(this.chartParts);
      if (resource.resourceType === 'Patient') this.index.put(resource as Patient);
    })();
  }

  get<T extends Resource = Resource>(type: T['resourceType'], id: string): T | undefined {
    const row = this.selectOne.get(type, id);
    return row ? (JSON.parse(row.content) as T) : undefined;
  }

  /** The patient whose compartment holds the resource now; null for none or a resource not stored. */
  holderOf(type: string, id: string): string | null {
    return this.selectHolder.get(type, id) ?? null;
  }

  /** The stored version (deleted or not): what an edit sends as its base version. */
  versionOf(type: string, id: string): number | undefined {
    return this.selectVersion.get(type, id)?.v;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM resources').get() as { n: number }).n;
  }

  /** Every stored row as it is, `size` at a time (benchmarks and exports; nothing parsed). */
  *rawRows(size: number): Generator<RawRow[]> {
    const select = this.db.prepare<[number, number], RawRow>('SELECT rowid, type, id, version_id, last_updated, deleted, patient_id, content FROM resources WHERE rowid > ? ORDER BY rowid LIMIT ?');
    for (let after = 0; ; ) {
      const rows = select.all(after, size);
      if (rows.length === 0) return;
      yield rows;
      after = rows.at(-1)!.rowid;
    }
  }

  /** Inserts rows exactly as given, in one transaction: the ceiling the replica's own writes are measured against. */
  insertRawRows(rows: readonly RawRow[]): void {
    this.db.transaction(() => {
      const changed = new ChangedCharts();
      for (const r of rows) {
        this.insertRaw.run(r.type, r.id, r.version_id, r.last_updated, r.deleted, r.patient_id, r.content);
        changed.add(r.patient_id, r.type);
      }
      changed.empty(this.chartParts);
    })();
  }

  /**
   * A patient's record, parsed and frozen, with the directory entries it refers to: the same
   * objects for every reader until a write, by any connection, touches the record; then only the
   * written resources are read again (see record-cache.ts). Read in one snapshot, so the position
   * the record is kept at is the one its rows were read at.
   */
  patientRecord(patientId: string): PatientRecord {
    if (this.db.inTransaction) return this.records.get(patientId, this.recordSource, false);
    return this.readRecordInSnapshot(patientId);
  }

  /**
   * A patient's record as `patientRecord` reads it, with the store's position and the number of the
   * patient's rows, all in one snapshot, nothing kept (a chart part is built from it in idle time:
   * the last charts a person opened stay kept).
   */
  recordAtPosition(patientId: string): { record: PatientRecord; head: number; rows: number } {
    return this.db.transaction(() => ({
      head: this.recordSource.position().head,
      rows: this.chartParts.rowsOf(patientId),
      record: this.records.get(patientId, this.recordSource, false),
    }))();
  }

  /** Everything in a patient's record, or only the given resource types. */
  listByPatient(patientId: string, types?: readonly string[]): Resource[] {
    const rows = types ? this.selectByPatientAndTypes.all(patientId, JSON.stringify(types)) : this.selectByPatient.all(patientId);
    return rows.map((row) => JSON.parse(row.content) as Resource);
  }

  /**
   * Removes a patient who left this workstation's scope: all of the record, and the search entry.
   * Not a tombstone: nothing was deleted at Central, and the patient may come back into scope.
   */
  removePatient(patientId: string): number {
    return this.db.transaction(() => {
      this.index.remove(patientId);
      this.changes.removed(patientId);
      this.chartParts.forget(patientId);
      return this.deleteByPatient.run(patientId).changes;
    })();
  }

  /**
   * Patients whose records are large (at least `minRows` rows) and scattered (their rows spread over
   * more than `spread` times as many rowids as they have), largest first: records that arrived a row
   * at a time among other patients' over years of sync pages, whose first opening decrypts a page
   * for nearly every row.
   */
  scatteredRecords(minRows: number, spread: number, limit: number): string[] {
    return this.selectScattered.all(minRows, spread, limit);
  }

  /**
   * Writes a patient's rows again, unchanged and in the order the record is read (type, rowid), at
   * the end of the table: consecutive rowids, so a first opening decrypts a few pages, not one per
   * row. One transaction. Nothing else refers to these rowids (the search index has its own), but
   * the kept records are ordered by them: the patient is logged as removed whole, so every
   * connection reads the record again. Returns the number of rows moved.
   */
  clusterRecord(patientId: string): number {
    return this.db.transaction(() => {
      const rows = this.selectClusterRows.all(patientId);
      if (rows.length === 0) return 0;
      this.deleteByPatient.run(patientId);
      for (const r of rows) this.insertRaw.run(r.type, r.id, r.version_id, r.last_updated, r.deleted, r.patient_id, r.content);
      this.changes.removed(patientId);
      return rows.length;
    })();
  }

  /**
   * Forgets one resource without a tombstone (sync): it left this workstation's scope, or it was
   * made here and Central refused it, so it exists nowhere else. Not a deletion at Central.
   */
  remove(type: string, id: string): boolean {
    return this.db.transaction(() => {
      if (type === 'Patient') this.index.remove(id);
      this.changes.written(null, type, id);
      new ChangedCharts().add(this.holderOf(type, id), type).empty(this.chartParts);
      return this.deleteOne.run(type, id).changes === 1;
    })();
  }
}

/**
 * The kept chart parts a transaction's writes outdate: each patient's once, or all when a directory
 * entry changed; and the records it changed, for the caller.
 */
class ChangedCharts {
  private readonly patients = new Set<string>();
  private directory = false;
  private unheld = false;

  add(holder: string | null, type: string): this {
    if (holder) this.patients.add(holder);
    else this.unheld = true;
    if (DIRECTORY_TYPES.has(type)) this.directory = true;
    return this;
  }

  records(): UpsertResult['changed'] {
    return { patientIds: [...this.patients], unheld: this.unheld };
  }

  empty(parts: ChartParts): void {
    if (this.directory) parts.directoryChanged();
    else for (const patientId of this.patients) parts.recordChanged(patientId);
  }
}

function toRow(resource: Resource): Row {
  if (!resource.id) throw new TypeError(`A ${resource.resourceType} without an id cannot be stored`);
  return {
    type: resource.resourceType,
    id: resource.id,
    versionId: parseVersion(resource.meta?.versionId, `${resource.resourceType}/${resource.id}`),
    lastUpdated: resource.meta?.lastUpdated ?? new Date().toISOString(),
    deleted: 0,
    patientId: patientIdOf(resource),
    content: JSON.stringify(resource),
  };
}

function tombstoneRow(t: Tombstone): Row {
  const lastUpdated = t.lastUpdated ?? new Date().toISOString();
  const versionId = parseVersion(String(t.versionId), `${t.resourceType}/${t.id}`);
  // The tombstone keeps the identity and version only: no clinical data outlives its deletion.
  const content = JSON.stringify({ resourceType: t.resourceType, id: t.id, meta: { versionId: String(versionId), lastUpdated } });
  return { type: t.resourceType, id: t.id, versionId, lastUpdated, deleted: 1, patientId: null, content };
}

/** Central numbers versions 1, 2, 3…; a resource made here and not yet sent has none (0). */
function parseVersion(versionId: string | undefined, what: string): number {
  if (versionId === undefined) return 0;
  if (!/^\d{1,15}$/.test(versionId)) throw new TypeError(`${what} has versionId "${versionId}"; Central's versions are whole numbers`);
  return Number(versionId);
}
