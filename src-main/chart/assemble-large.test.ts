import { describe, expect, it } from 'vitest';
import { ChartViewSchema } from '../../shared/api/chart-method.js';
import { assembleChart } from './assemble.js';
import { largeRecord } from './sample-records/large-record.js';

describe('assembleChart on a long record', () => {
  it('keeps every encounter and every lab value of a 2,000-resource record, grouped by test', () => {
    const { resources, summary } = largeRecord('pat-large', 2000);
    expect(resources).toHaveLength(2000);
    const view = assembleChart(resources, { today: '2025-06-10', syncedAt: null, patientSummary: summary, pending: new Set() });
    expect(ChartViewSchema.safeParse(view).success).toBe(true);
    expect(view.timeline).toHaveLength(resources.filter((r) => r.resourceType === 'Encounter').length);
    const labValues = view.labs.reduce((sum, series) => sum + series.values.length, 0);
    expect(labValues).toBe(resources.filter((r) => r.resourceType === 'Observation').length);
    expect(view.labs.length).toBeLessThanOrEqual(8);
    expect(new Set(view.timeline.map((e) => e.kind))).toEqual(new Set(['outpatient', 'inpatient', 'ambulance', 'preventive']));
    // Each series newest first: the table's first value is the latest.
    for (const series of view.labs) {
      const dates = series.values.map((v) => Date.parse(v.date!));
      expect(dates).toEqual([...dates].sort((a, b) => b - a));
    }
  });
});
