import type { Patient, Resource } from '@medplum/fhirtypes';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/fixtures/workstation/temp-dir.js';
import { largeRecord } from '../chart/sample-records/large-record.js';
import { generateDatabaseKey, type DatabaseKey } from '../keys/database-key.js';
import { StoreChart } from '../services/store/chart.js';
import { patientSummary } from '../services/store/patient-resource.js';
import { LocalStore } from './local-store.js';
import { clusterScatteredRecords } from './record-clustering.js';

let dir: ReturnType<typeof makeTempDir>;
let key: DatabaseKey;
let store: LocalStore;
/** Another connection to the file, keeping records of its own (the sync child, the headless host). */
let other: LocalStore;
beforeEach(() => {
  dir = makeTempDir();
  key = generateDatabaseKey();
  store = LocalStore.open(join(dir.path, 'store.db'), key);
  other = LocalStore.open(join(dir.path, 'store.db'), key);
});
afterEach(() => {
  other.close();
  store.close();
  dir.remove();
});

const meta = { versionId: '1', lastUpdated: '2025-06-01T08:00:00Z' };
const DIRECTORY = new Set(['Organization', 'Practitioner']);

/** `patientId`'s record of `size` resources and neighbours' records of `neighbourSize`, each spread evenly among the patient's rows. */
function writeInterleaved(patientId: string, size: number, neighbourSize: number, neighbours = 9): void {
  const records = [
    largeRecord(patientId, size).resources,
    ...Array.from({ length: neighbours }, (_, n) =>
      largeRecord(`${patientId}-neighbour-${n}`, neighbourSize, 100 + n)
        .resources.filter((r) => !DIRECTORY.has(r.resourceType))
        .map((r) => (r.resourceType === 'Patient' ? r : { ...r, id: `${patientId}-n${n}-${r.id}` })),
    ),
  ];
  const interleaved: Resource[] = [];
  const [own, ...theirs] = records;
  const written = theirs.map(() => 0);
  for (let at = 0; at < own!.length; at++) {
    interleaved.push({ ...own![at]!, meta } as Resource);
    theirs.forEach((record, n) => {
      for (; written[n]! < ((at + 1) * record.length) / own!.length; written[n]!++) interleaved.push({ ...record[written[n]!]!, meta } as Resource);
    });
  }
  store.resources.upsertMany(interleaved);
}

/** Rowids of each patient's rows, in rowid order. */
function rowidsByPatient(): Map<string, number[]> {
  const byPatient = new Map<string, number[]>();
  for (const rows of store.resources.rawRows(1000)) for (const row of rows) if (row.patient_id) byPatient.set(row.patient_id, [...(byPatient.get(row.patient_id) ?? []), row.rowid]);
  return byPatient;
}

const chartOf = (s: LocalStore, patientId: string) =>
  new StoreChart({ store: () => s, now: () => new Date('2025-06-10T08:00:00Z'), summary: (_s, p: Patient) => patientSummary(p, { local: true, asOf: null }) }).get(patientId);

describe('clustering scattered records', () => {
  it('puts a large interleaved record on consecutive rowids, the record, its chart and every kept copy unchanged', () => {
    writeInterleaved('p1', 400, 150);
    // A row of the patient's marked deleted goes along with the rest, as it is.
    store.resources.insertRawRows([{ rowid: 0, type: 'Basic', id: 'gone', version_id: 3, last_updated: '2025-06-01T08:00:00Z', deleted: 1, patient_id: 'p1', content: '{"resourceType":"Basic","id":"gone"}' }]);
    const before = rowidsByPatient();
    const p1 = before.get('p1')!;
    expect(p1.at(-1)! - p1[0]! + 1).toBeGreaterThan(3 * p1.length);
    const record = store.resources.patientRecord('p1').resources;
    const chart = chartOf(store, 'p1');
    other.resources.patientRecord('p1');

    expect(store.resources.scatteredRecords(200, 3, 10)).toEqual(['p1']);
    return clusterScatteredRecords(() => store.resources).then((done) => {
      expect(done.map((d) => [d.patientId, d.rows])).toEqual([['p1', p1.length]]);
      const after = rowidsByPatient();
      const clustered = after.get('p1')!;
      expect(clustered).toHaveLength(p1.length);
      expect(clustered.at(-1)! - clustered[0]! + 1).toBe(p1.length);
      for (const [patientId, rowids] of before) if (patientId !== 'p1') expect(after.get(patientId), patientId).toEqual(rowids);
      expect(store.resources.scatteredRecords(200, 3, 10)).toEqual([]);

      const fresh = LocalStore.open(join(dir.path, 'store.db'), key);
      try {
        expect(fresh.resources.patientRecord('p1').resources).toEqual(record);
        expect(chartOf(fresh, 'p1')).toEqual(chart);
        // An edit after the clustering is put where the new rowids say, in every connection's kept copy.
        const first = record.find((r) => r.resourceType === 'Condition')!;
        other.resources.writeLocal({ ...first, meta: { versionId: '2' }, recordedDate: '2001-01-01' } as Resource);
        const read = fresh.resources.patientRecord('p1');
        expect(read.resources.find((r) => r.id === first.id)).toMatchObject({ recordedDate: '2001-01-01' });
        for (const connection of [store, other]) {
          expect(connection.resources.patientRecord('p1').resources).toEqual(read.resources);
          expect(chartOf(connection, 'p1')).toEqual(chartOf(fresh, 'p1'));
        }
      } finally {
        fresh.close();
      }
    });
  });

  it('leaves small records and records that arrived whole where they are', async () => {
    writeInterleaved('small', 150, 150);
    store.resources.upsertMany(largeRecord('whole', 400).resources.map((r) => ({ ...r, meta }) as Resource));
    const before = rowidsByPatient();
    expect(store.resources.scatteredRecords(200, 3, 10)).toEqual([]);
    expect(await clusterScatteredRecords(() => store.resources)).toEqual([]);
    expect(rowidsByPatient()).toEqual(before);
  });
});
