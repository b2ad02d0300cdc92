import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { assembleRecordPart, CHART_RECORD_PART_FORMAT } from './assemble.js';
import { largeRecord } from './sample-records/large-record.js';
import { PATIENT_ID, recordResources } from './sample-records/record.js';

/**
 * Kept chart parts (db/chart-parts.ts) outlive the program that built them: one assembled by an
 * older build must not be shown by a newer one that assembles differently. So a change to what
 * assembleRecordPart gives fails here until CHART_RECORD_PART_FORMAT is raised and the new
 * fingerprint recorded under it: the workstation then builds every part again.
 */
const FINGERPRINTS: Record<number, string> = {
  1: 'a0ccf9fb5acb506b5d9ee68686aa4fa94372f9034e5da8fbe4b77a041bfecce2',
};

it('gives the output recorded for its format: raise CHART_RECORD_PART_FORMAT when it changes', () => {
  const realistic = assembleRecordPart(recordResources(), PATIENT_ID, new Set());
  const large = assembleRecordPart(largeRecord('p-large', 600, 3).resources, 'p-large', new Set());
  const fingerprint = createHash('sha256').update(JSON.stringify([realistic, large])).digest('hex');
  expect(fingerprint, `assembleRecordPart gives other output than format ${CHART_RECORD_PART_FORMAT} recorded`).toBe(FINGERPRINTS[CHART_RECORD_PART_FORMAT]);
});
