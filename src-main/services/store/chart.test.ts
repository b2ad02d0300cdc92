import { join } from 'node:path';
import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/fixtures/workstation/temp-dir.js';
import { largeRecord } from '../../chart/sample-records/large-record.js';
import { LocalStore } from '../../db/local-store.js';
import { generateDatabaseKey } from '../../keys/database-key.js';
import { CHART_RECORD_PART_FORMAT } from '../../chart/assemble.js';
import { StoreChart } from './chart.js';
import { buildChartPart } from './chart-parts.js';
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

  it('is the same chart opened from the part the upkeep kept, today applied at the opening', () => {
    const assembled = chart().get('pat-1')!;
    expect(buildChartPart(store, 'pat-1', new Date()).kept).toBe(true);
    expect(store.chartParts.current('pat-1', CHART_RECORD_PART_FORMAT)).toBeDefined();
    expect(chart().get('pat-1')).toEqual(assembled);
    const later = new StoreChart({ store: () => store, now: () => new Date('2031-06-10T08:00:00Z'), summary: (_s, p: Patient) => patientSummary(p, { local: true, asOf: null }) });
    expect(later.get('pat-1')!.age).toBe(assembled.age! + 6);
  });

  it('marks a visit with a change queued for Central even when a kept part does not know of it', () => {
    expect(buildChartPart(store, 'pat-1', new Date()).kept).toBe(true);
    const visit = chart().get('pat-1')!.timeline[0]!;
    expect(visit.pendingSync).toBe(false);
    const encounter = store.resources.get('Encounter', visit.id)!;
    // Queued without the local write that would have emptied the part.
    store.outbox.enqueue('update', { resource: encounter });
    try {
      expect(chart().get('pat-1')!.timeline[0]).toMatchObject({ id: visit.id, pendingSync: true });
    } finally {
      store.outbox.markStatus(store.outbox.pending().map((m) => m.mutationId), 'applied');
    }
  });

});
