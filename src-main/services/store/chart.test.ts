import { join } from 'node:path';
import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/fixtures/workstation/temp-dir.js';
import { largeRecord } from '../../chart/sample-records/large-record.js';
import { LocalStore } from '../../db/local-store.js';
import { generateDatabaseKey } from '../../keys/database-key.js';
import { StoreChart } from './chart.js';
import { patientSummary } from './patient-resource.js';

let dir: ReturnType<typeof makeTempDir>;
let store: LocalStore;
beforeAll(() => {
  dir = makeTempDir();
  store = LocalStore.open(join(dir.path, 'store.db'), generateDatabaseKey());
  store.resources.upsertMany(largeRecord('pat-1', 300).resources.map((r) => ({ ...r, meta: { versionId: '1' } })));
});
afterAll(() => {
  store.close();
  dir.remove();
});

describe('the chart from the store', () => {
  const chart = () => new StoreChart({ store: () => store, now: () => new Date('2025-06-10T08:00:00Z'), summary: (_s, p: Patient) => patientSummary(p, { local: true, asOf: '2025-06-10T07:00:00Z' }) });

  it('assembles the compartment with the institutions and doctors it refers to, which live outside it', () => {
    const view = chart().get('pat-1')!;
    expect(view.patient).toMatchObject({ id: 'pat-1', family: 'Жук', record: { asOf: '2025-06-10T07:00:00Z' } });
    expect(view.timeline.length).toBeGreaterThan(10);
    expect(view.timeline.some((e) => e.source.institution === 'УЗ «Городская поликлиника № 2»')).toBe(true);
    expect(view.labs.length).toBeGreaterThan(0);
    expect(view.syncedAt).toBe('2025-06-10T07:00:00Z');
  });

  it('is null for a patient who is not on this workstation', () => {
    expect(chart().get('nobody')).toBeNull();
  });

});
