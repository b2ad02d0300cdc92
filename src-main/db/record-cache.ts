import type { Resource } from '@medplum/fhirtypes';

/** A patient's record as read from the store: parsed, shared by every reader until it changes, never to be modified. */
export interface PatientRecord {
  readonly resources: readonly Resource[];
  /** "Type/id" of every Organization, Practitioner, PractitionerRole and Location the record refers to. */
  readonly directory: readonly string[];
}

/** A row of the record as the store gives it, in the store's order (type, then rowid). */
export type RecordRow = readonly [rowid: number, content: string];

/** One resource's row as it is now, wherever it is: what an entry re-reads for a key it holds dirty. */
export interface CurrentRow {
  rowid: number;
  patientId: string | null;
  deleted: number;
  content: string;
}

interface Entry {
  record: PatientRecord;
  /** Parallel to record.resources: each resource's rowid and the directory references its text holds. */
  rowids: number[];
  references: (readonly string[])[];
  /** "Type/id" of every resource in the record: a write to any of them, wherever it moves, marks it dirty. */
  keys: Set<string>;
  /** Resources written since the record was read (committed or not): re-read from the store before it is used. */
  dirty: Set<string>;
}

/** Directory references as JSON.stringify writes them: a regular expression over the text is ten times faster than walking 2,000 parsed resources. */
const DIRECTORY_REFERENCE = /"reference":"((?:Organization|Practitioner|PractitionerRole|Location)\/[A-Za-z0-9\-.]{1,64})"/g;

/** More resources written than this since the record was read (a large page): reading it all again is as cheap. */
const MAX_DIRTY = 200;

/**
 * The last few patient records read, parsed. Reading 2,000 resources from the encrypted store and
 * parsing them costs more than assembling the chart from them, and a doctor reopens the same few
 * charts all day. Correctness first: the repository that owns it reports every write (the
 * patient's id and the resource's "Type/id", so a resource that moved to another patient or was
 * removed by key also marks the record that held it). A marked resource is re-read from the store
 * (its row, wherever it is now) before the record is next used, and put where a fresh read would
 * put it (the store reads the record ordered by type, then rowid): so a page from Central or an
 * edit here re-parses one resource, not 2,000, and a write rolled back is simply read back as it
 * was. A commit by another connection to the same file (PRAGMA data_version) drops everything,
 * and nothing is patched or kept inside a transaction (it could still roll back). A reader that
 * changed a resource would change every later reader's copy: the list and each resource are frozen
 * so that fails loudly; freezing every nested object too cost half as much again as parsing, so
 * the chart's assembly is instead tested on a deeply frozen record (chart/assemble-frozen.test.ts).
 */
export class PatientRecordCache {
  private readonly entries = new Map<string, Entry>();
  private dataVersion: number | undefined;

  constructor(private readonly capacity = 4) {}

  /**
   * The cached record brought up to date, or the one `read` gives (rowid and stored text of the
   * record's live resources, ordered by type then rowid), parsed and kept. `dataVersion` is the
   * store's PRAGMA data_version now; `cacheable` is false inside a transaction; `current` reads
   * one resource's row by type and id.
   */
  get(
    patientId: string,
    dataVersion: number,
    cacheable: boolean,
    read: () => RecordRow[],
    current: (type: string, id: string) => CurrentRow | undefined,
  ): PatientRecord {
    if (dataVersion !== this.dataVersion) {
      this.entries.clear();
      this.dataVersion = dataVersion;
    }
    const found = this.entries.get(patientId);
    if (found && found.dirty.size > 0 && !cacheable) return parseRecord(read()).record;
    if (found) {
      if (found.dirty.size > 0) refresh(found, patientId, current);
      // Most recently used last: the first entry is the one to evict.
      this.entries.delete(patientId);
      this.entries.set(patientId, found);
      return found.record;
    }
    const entry = parseRecord(read());
    if (!cacheable) return entry.record;
    this.entries.set(patientId, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return entry.record;
  }

  /** A resource was written or removed: `patientId` is the compartment it is in now (null if none). */
  changed(patientId: string | null, type: string, id: string): void {
    // Nothing kept (a first download): no key to build for each of its rows.
    if (this.entries.size === 0) return;
    const key = `${type}/${id}`;
    for (const [holder, entry] of this.entries) {
      if (holder !== patientId && !entry.keys.has(key)) continue;
      entry.dirty.add(key);
      if (entry.dirty.size > MAX_DIRTY) this.entries.delete(holder);
    }
  }

  /** A patient's whole compartment was removed or rewritten. */
  patientChanged(patientId: string): void {
    this.entries.delete(patientId);
  }

  clear(): void {
    this.entries.clear();
  }
}

function parseRecord(rows: readonly RecordRow[]): Entry {
  const resources: Resource[] = [];
  const rowids: number[] = [];
  const references: (readonly string[])[] = [];
  const keys = new Set<string>();
  for (const [rowid, text] of rows) {
    const resource = Object.freeze(JSON.parse(text) as Resource);
    resources.push(resource);
    rowids.push(rowid);
    references.push(directoryReferences(text));
    keys.add(`${resource.resourceType}/${resource.id}`);
  }
  return { record: freezeRecord(resources, references), rowids, references, keys, dirty: new Set() };
}

/** Re-reads each dirty resource and removes, replaces or inserts it where a fresh read of the record would have it. */
function refresh(entry: Entry, patientId: string, current: (type: string, id: string) => CurrentRow | undefined): void {
  const resources = [...entry.record.resources];
  const { rowids, references, keys } = entry;
  for (const key of entry.dirty) {
    const slash = key.indexOf('/');
    const type = key.slice(0, slash);
    const id = key.slice(slash + 1);
    if (keys.has(key)) {
      const at = resources.findIndex((r) => r.resourceType === type && r.id === id);
      if (at < 0) throw new Error(`The kept record of ${patientId} lists ${key} but does not hold it`);
      resources.splice(at, 1);
      rowids.splice(at, 1);
      references.splice(at, 1);
      keys.delete(key);
    }
    const row = current(type, id);
    if (!row || row.deleted !== 0 || row.patientId !== patientId) continue;
    const resource = Object.freeze(JSON.parse(row.content) as Resource);
    let at = 0;
    while (at < resources.length && storeOrder(resources[at]!.resourceType, rowids[at]!, type, row.rowid) < 0) at++;
    resources.splice(at, 0, resource);
    rowids.splice(at, 0, row.rowid);
    references.splice(at, 0, directoryReferences(row.content));
    keys.add(key);
  }
  entry.dirty.clear();
  entry.record = freezeRecord(resources, references);
}

/** The order of resources_patient_idx (patient_id, type) and so of the record's read: type (bytewise), then rowid. */
function storeOrder(typeA: string, rowidA: number, typeB: string, rowidB: number): number {
  if (typeA !== typeB) return typeA < typeB ? -1 : 1;
  return rowidA - rowidB;
}

const NONE: readonly string[] = Object.freeze([]);

/** Most resources refer to no directory entry: they share one empty list (2,000 fewer allocations per read). */
function directoryReferences(text: string): readonly string[] {
  let found: string[] | undefined;
  DIRECTORY_REFERENCE.lastIndex = 0;
  for (let match = DIRECTORY_REFERENCE.exec(text); match; match = DIRECTORY_REFERENCE.exec(text)) (found ??= []).push(match[1]!);
  return found ?? NONE;
}

function freezeRecord(resources: Resource[], references: readonly (readonly string[])[]): PatientRecord {
  const directory = new Set<string>();
  for (const list of references) for (const reference of list) directory.add(reference);
  return Object.freeze({ resources: Object.freeze(resources), directory: Object.freeze([...directory]) });
}
