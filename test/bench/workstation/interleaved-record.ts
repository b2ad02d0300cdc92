import type { Resource } from '@medplum/fhirtypes';
import { largeRecord } from '../../../src-main/chart/sample-records/large-record.js';
import type { LocalStore } from '../../../src-main/db/local-store.js';

const DIRECTORY = new Set(['Organization', 'Practitioner']);

/**
 * Writes, in one transaction, `patientId`'s record of `size` resources interleaved resource by
 * resource with `others` other patients' records (ids of their own): the row order years of sync
 * pages mixing patients leave behind. Its rows then share pages with the neighbours' (about one of
 * its rows per page, against about five when it arrived whole), and a first opening decrypts each.
 */
export function writeInterleavedRecord(store: LocalStore, patientId: string, size: number, others = 9): void {
  const meta = { versionId: '1', lastUpdated: '2025-06-01T08:00:00Z' };
  const records = [
    largeRecord(patientId, size).resources,
    ...Array.from({ length: others }, (_, n) =>
      largeRecord(`${patientId}-neighbour-${n}`, size, 100 + n)
        .resources.filter((r) => !DIRECTORY.has(r.resourceType))
        .map((r) => (r.resourceType === 'Patient' ? r : { ...r, id: `n${n}-${r.id}` })),
    ),
  ];
  const interleaved: Resource[] = [];
  for (let at = 0; at < size; at++) for (const record of records) if (record[at]) interleaved.push({ ...record[at]!, meta } as Resource);
  store.resources.upsertMany(interleaved);
}
