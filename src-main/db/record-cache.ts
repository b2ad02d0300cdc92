import type { Resource } from '@medplum/fhirtypes';

/** A patient's record as read from the store: parsed, shared by every reader until it changes, never to be modified. */
export interface PatientRecord {
  readonly resources: readonly Resource[];
  /** "Type/id" of every Organization, Practitioner, PractitionerRole and Location the record refers to. */
  readonly directory: readonly string[];
}

interface Entry {
  record: PatientRecord;
  /** "Type/id" of every resource in the record: a write to any of them, wherever it moves, drops the entry. */
  keys: Set<string>;
}

/** Directory references as JSON.stringify writes them: a regular expression over the text is ten times faster than walking 2,000 parsed resources. */
const DIRECTORY_REFERENCE = /"reference":"((?:Organization|Practitioner|PractitionerRole|Location)\/[A-Za-z0-9\-.]{1,64})"/g;

/**
 * The last few patient records read, parsed. Reading 2,000 resources from the encrypted store and
 * parsing them costs more than assembling the chart from them, and a doctor reopens the same few
 * charts all day. Correctness first: the repository that owns it reports every write (the
 * patient's id and the resource's "Type/id", so a resource that moved to another patient or was
 * removed by key also drops the record that held it), a commit by another connection to the same
 * file (PRAGMA data_version) drops everything, and nothing read inside a transaction is kept (it
 * could still roll back). A reader that changed a resource would change every later reader's copy:
 * the list and each resource are frozen so that fails loudly; freezing every nested object too
 * cost half as much again as parsing, so the chart's assembly is instead tested on a deeply
 * frozen record (chart/assemble-frozen.test.ts).
 */
export class PatientRecordCache {
  private readonly entries = new Map<string, Entry>();
  private dataVersion: number | undefined;

  constructor(private readonly capacity = 4) {}

  /**
   * The cached record, or the one `read` gives (stored texts of the record's live resources),
   * parsed and kept. `dataVersion` is the store's PRAGMA data_version now; `cacheable` is false
   * inside a transaction.
   */
  get(patientId: string, dataVersion: number, cacheable: boolean, read: () => string[]): PatientRecord {
    if (dataVersion !== this.dataVersion) {
      this.entries.clear();
      this.dataVersion = dataVersion;
    }
    const found = this.entries.get(patientId);
    if (found) {
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
    if (patientId !== null) this.entries.delete(patientId);
    const key = `${type}/${id}`;
    for (const [holder, entry] of this.entries) if (entry.keys.has(key)) this.entries.delete(holder);
  }

  /** A patient's whole compartment was removed or rewritten. */
  patientChanged(patientId: string): void {
    this.entries.delete(patientId);
  }

  clear(): void {
    this.entries.clear();
  }
}

function parseRecord(texts: readonly string[]): Entry {
  const resources: Resource[] = [];
  const keys = new Set<string>();
  const directory = new Set<string>();
  for (const text of texts) {
    const resource = Object.freeze(JSON.parse(text) as Resource);
    resources.push(resource);
    keys.add(`${resource.resourceType}/${resource.id}`);
    for (const match of text.matchAll(DIRECTORY_REFERENCE)) directory.add(match[1]!);
  }
  return { record: Object.freeze({ resources: Object.freeze(resources), directory: Object.freeze([...directory]) }), keys };
}
