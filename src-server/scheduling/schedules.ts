import { randomUUID } from 'node:crypto';
import type { RegenerationReport, ScheduleDefinition, ScheduleDefinitionFields } from '../../shared/api/schedule.js';
import type { Database, Queryable } from '../db/database.js';
import { storeDefinition } from './definitions.js';
import { regenerateSlots } from './regenerate.js';

/**
 * A clinic administrator's changes to a schedule: the definition is stored and its slots
 * regenerated in one transaction, so nobody ever books from a half-applied change.
 */
export interface SavedSchedule {
  schedule: ScheduleDefinition;
  regeneration: RegenerationReport;
}

export async function saveSchedule(
  tx: Queryable,
  input: { organizationId: string; scheduleId?: string | undefined; fields: ScheduleDefinitionFields; baseVersion?: number | undefined; by: string; now: Date },
): Promise<SavedSchedule> {
  const scheduleId = input.scheduleId ?? randomUUID();
  const schedule = await storeDefinition(tx, { ...input, scheduleId });
  const regeneration = await regenerateSlots(tx, scheduleId, input.organizationId, input.now);
  return { schedule, regeneration };
}

/**
 * Keeps every active schedule generated `horizonWeeks` ahead as days pass: regenerates the ones
 * whose generated horizon ends before today's horizon. One transaction per schedule.
 */
export async function extendHorizons(db: Database, now: Date): Promise<RegenerationReport[]> {
  const { rows } = await db.query<{ schedule_id: string }>(
    `SELECT schedule_id FROM schedule_definition
     WHERE active AND (generated_to IS NULL OR generated_to < ($1::timestamptz AT TIME ZONE (definition->>'timeZone'))::date + (definition->>'horizonWeeks')::int * 7)`,
    [now.toISOString()],
  );
  const reports: RegenerationReport[] = [];
  for (const row of rows) reports.push(await db.transaction((tx) => regenerateSlots(tx, row.schedule_id, undefined, now)));
  return reports;
}
