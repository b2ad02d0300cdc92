import type { Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { assembleChart } from './assemble.js';
import { largeRecord } from './sample-records/large-record.js';
import { patientSummary, recordResources, TODAY } from './sample-records/record.js';

/** Freezes every object and array inside, as a record shared between chart openings must be treated. */
function deepFreeze<T>(value: T): T {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null) continue;
    Object.freeze(next);
    for (const key in next) pending.push((next as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * The store keeps a patient's parsed record between chart openings (db/record-cache.ts) and hands
 * the same objects to every assembly: assembling must read them and change nothing. In strict mode
 * any write to a frozen object throws, so these fail on the first one.
 */
describe('assembleChart leaves the record it reads untouched', () => {
  it('on a record with every section', () => {
    const options = { today: TODAY, syncedAt: null, patientSummary, pending: new Set(['Encounter/enc-today']) };
    const frozen = deepFreeze(recordResources()) as readonly Resource[];
    expect(assembleChart(frozen, options)).toEqual(assembleChart(recordResources(), options));
  });

  it('on a 2,000-resource record', () => {
    const { resources, summary } = largeRecord('pat-frozen', 2000);
    const options = { today: '2025-06-10', syncedAt: null, patientSummary: summary, pending: new Set<string>() };
    const expected = assembleChart(resources, options);
    expect(assembleChart(deepFreeze(largeRecord('pat-frozen', 2000).resources), options)).toEqual(expected);
  });
});
