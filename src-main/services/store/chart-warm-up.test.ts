import { describe, expect, it } from 'vitest';
import { assembleChart } from '../../chart/assemble.js';
import { PATIENT_ID, patientSummary } from '../../chart/sample-records/record.js';
import { PatientRecordCache } from '../../db/record-cache.js';
import { warmUpChartCode, warmUpRows } from './chart-warm-up.js';

describe('the chart warm-up', () => {
  it('runs every section of the chart on a record as large as a long one, read as the store reads it', () => {
    const rows = warmUpRows();
    expect(rows.length).toBeGreaterThanOrEqual(2000);
    const record = new PatientRecordCache(1).get(PATIENT_ID, { position: () => ({ head: 0, schema: 0 }), rows: () => rows, changesSince: () => [], current: () => undefined }, false);
    const view = assembleChart(record.resources, { today: '2025-06-10', syncedAt: null, patientSummary, pending: new Set() });
    expect(view.summary.problems.length).toBeGreaterThan(0);
    expect(view.summary.allergies.length).toBeGreaterThan(0);
    expect(view.summary.medications.length).toBeGreaterThan(0);
    expect(view.summary.vaccinations.length).toBeGreaterThan(0);
    expect(view.timeline.length).toBeGreaterThan(100);
    expect(view.labs.length).toBeGreaterThan(0);
    expect(view.studies.length).toBeGreaterThan(0);
    expect(record.directory.length).toBeGreaterThan(0);
  });

  it('is one run at a time: a call during a run joins it', async () => {
    const first = warmUpChartCode('2025-06-10');
    expect(warmUpChartCode('2025-06-10')).toBe(first);
    await first;
    expect(warmUpChartCode('2025-06-10')).not.toBe(first);
    await warmUpChartCode('2025-06-10');
  });
});
