import type { Resource } from '@medplum/fhirtypes';

/** A patient's record as read from the store: parsed, shared by every reader until it changes, never to be modified. */
export interface PatientRecord {
  readonly resources: readonly Resource[];
  /** "Type/id" of every Organization, Practitioner, PractitionerRole and Location the record refers to. */
  readonly directory: readonly string[];
}

/** A row of the record as the store gives it, in the store's order (type, then rowid). */
export type RecordRow = readonly [rowid: number, content: string];

/** One resource's row as it is now, wherever it is: what a kept record re-reads for a resource the log names. */
export interface CurrentRow {
  rowid: number;
  patientId: string | null;
  deleted: number;
  content: string;
}

/** Where the store stands in the snapshot being read. */
export interface StorePosition {
  /** The number of the last change to any patient's compartment (resource_change, migration 4). */
  head: number;
  /** PRAGMA schema_version: VACUUM bumps it, and VACUUM may renumber the rowids a kept record is ordered by. */
  schema: number;
}

/** What the cache reads through, all within one snapshot of the store. */
export interface RecordSource {
  position(): StorePosition;
  /** Rowid and stored text of the patient's live resources, ordered by type, then rowid. */
  rows(patientId: string): RecordRow[];
  /**
   * Every write after change `after` up to `head`, each as the patient holding the resource after
   * it ('' none) and its "Type/id" ('' the patient's whole record removed); undefined when the log
   * may no longer reach back that far.
   */
  changesSince(after: number, head: number): readonly (readonly [patientId: string, key: string])[] | undefined;
  /** One resource's row as it is now, wherever it is. */
  current(type: string, id: string): CurrentRow | undefined;
}

/** A record as it was at one position of the store: always true for that position, whoever wrote since. */
interface Entry {
  record: PatientRecord;
  /** Parallel to record.resources: each resource's rowid and the directory references its text holds. */
  rowids: number[];
  references: (readonly string[])[];
  /** "Type/id" of every resource in the record. */
  keys: Set<string>;
  head: number;
  schema: number;
}

/** Directory references as JSON.stringify writes them: a regular expression over the text is ten times faster than walking 2,000 parsed resources. */
const DIRECTORY_REFERENCE = /"reference":"((?:Organization|Practitioner|PractitionerRole|Location)\/[A-Za-z0-9\-.]{1,64})"/g;

/** More resources of the record changed than this (a large page, a removal): reading it all again is as cheap. */
const MAX_CHANGED = 200;

/**
 * The last few patient records read, parsed. Reading 2,000 resources from the encrypted store and
 * parsing them costs more than assembling the chart from them, and a doctor reopens the same few
 * charts all day. Correctness first: each kept record is what the store held at one position (the
 * number of its last change, migration 4's log, which the repository writes with every write to
 * the file: this connection, the sync child, the headless host). At each opening the store's position is
 * read; if anything changed since, the log names the patient's resources that arrived, changed or
 * left, and only those rows are re-read and put where a fresh read would put them (the store reads
 * the record ordered by type, then rowid): an edit here, a page from Central or another process's
 * commit re-parses a few resources, not 2,000. A record brought forward inside a transaction is
 * returned but not kept (the transaction could still roll back). A schema change (VACUUM may
 * renumber rowids), a log pruned past the kept position or too many changes: the whole record is
 * read again. A reader that changed a resource would change every later reader's copy: the list
 * and each resource are frozen so that fails loudly; freezing every nested object too cost half as
 * much again as parsing, so the chart's assembly is instead tested on a deeply frozen record
 * (chart/assemble-frozen.test.ts).
 */
export class PatientRecordCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = 4) {}

  /**
   * The patient's record at the store's current position, read through `source` (all calls within
   * one snapshot). `keep` is false inside a transaction: nothing read there is kept.
   */
  get(patientId: string, source: RecordSource, keep: boolean): PatientRecord {
    const position = source.position();
    const found = this.entries.get(patientId);
    const entry = (found && broughtForward(found, patientId, source, position)) ?? readEntry(source.rows(patientId), position);
    if (!keep) return entry.record;
    // Most recently used last: the first entry is the one to evict.
    this.entries.delete(patientId);
    this.entries.set(patientId, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return entry.record;
  }
}

function readEntry(rows: readonly RecordRow[], position: StorePosition): Entry {
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
  return { record: freezeRecord(resources, references), rowids, references, keys, ...position };
}

/**
 * The kept entry moved to `position` (the same record when none of its resources changed), or
 * undefined when it cannot be: another schema, a log behind the entry (a file put back from a
 * copy), a position the log no longer reaches back to, too many changes.
 */
function broughtForward(entry: Entry, patientId: string, source: RecordSource, position: StorePosition): Entry | undefined {
  if (entry.schema !== position.schema || entry.head > position.head) return undefined;
  if (entry.head === position.head) return entry;
  const changed = changesOf(entry, patientId, source.changesSince(entry.head, position.head));
  if (!changed || changed.length > MAX_CHANGED) return undefined;
  if (changed.length === 0) return { ...entry, head: position.head };
  return patched(entry, patientId, changed, source, position);
}

/**
 * "Type/id" of the record's resources written since the entry was read: those now in the patient's
 * compartment and those the entry holds, wherever they went (a write logs where a resource is, not
 * where it was). Undefined when the record must be read whole: no log that far back, or the
 * patient removed.
 */
function changesOf(entry: Entry, patientId: string, changes: readonly (readonly [string, string])[] | undefined): string[] | undefined {
  if (!changes) return undefined;
  const keys = new Set<string>();
  for (const [holder, key] of changes) {
    if (holder === patientId && key === '') return undefined;
    if (holder === patientId || entry.keys.has(key)) keys.add(key);
  }
  return [...keys];
}

/** A copy of the entry with each changed resource removed, replaced or inserted where a fresh read of the record would have it. */
function patched(
  entry: Entry,
  patientId: string,
  changed: readonly string[],
  source: RecordSource,
  position: StorePosition,
): Entry {
  const resources = [...entry.record.resources];
  const rowids = [...entry.rowids];
  const references = [...entry.references];
  const keys = new Set(entry.keys);
  for (const key of changed) {
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
    const row = source.current(type, id);
    if (!row || row.deleted !== 0 || row.patientId !== patientId) continue;
    const resource = Object.freeze(JSON.parse(row.content) as Resource);
    let at = 0;
    while (at < resources.length && storeOrder(resources[at]!.resourceType, rowids[at]!, type, row.rowid) < 0) at++;
    resources.splice(at, 0, resource);
    rowids.splice(at, 0, row.rowid);
    references.splice(at, 0, directoryReferences(row.content));
    keys.add(key);
  }
  return { record: freezeRecord(resources, references), rowids, references, keys, ...position };
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
