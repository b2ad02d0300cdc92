import type { FreeSlot } from '../../shared/api/schedule-views.js';
import { isVisitType } from '../../shared/domain/visit-types.js';
import type { Queryable } from '../db/database.js';

/**
 * Free slots of generated schedules: planned, of an active schedule, starting from `from`, with no
 * active booking. Ordered by start, or by closeness to `near` (the alternatives to a taken slot).
 */
export interface FreeSlotFilter {
  from: Date;
  organizationId?: string | undefined;
  organizationIds?: readonly string[] | undefined;
  scheduleId?: string | undefined;
  /** Same doctor: this schedule or any other of the practitioner's. */
  sameDoctorAs?: { scheduleId: string; practitionerId: string | undefined } | undefined;
  practitionerId?: string | undefined;
  notPractitionerId?: string | undefined;
  specialty?: string | undefined;
  visitType?: string | null | undefined;
  near?: Date | undefined;
  excludeSlotIds?: readonly string[] | undefined;
  limit: number;
}

interface Row {
  slot_id: string;
  schedule_id: string;
  start_at: Date | string;
  end_at: Date | string;
  visit_type: string;
  practitioner_id: string;
  display: string;
  specialty_code: string;
  specialty_display: string | null;
}

export async function findFreeSlots(q: Queryable, filter: FreeSlotFilter): Promise<FreeSlot[]> {
  const params: unknown[] = [filter.from.toISOString()];
  const where = ['s.planned', 'd.active', 's.start_at >= $1'];
  const add = (condition: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(condition(`$${params.length}`));
  };
  if (filter.organizationId) add((n) => `d.organization_id = ${n}`, filter.organizationId);
  if (filter.organizationIds) add((n) => `d.organization_id = ANY(${n}::text[])`, filter.organizationIds);
  if (filter.scheduleId) add((n) => `s.schedule_id = ${n}`, filter.scheduleId);
  if (filter.practitionerId) add((n) => `d.practitioner_id = ${n}`, filter.practitionerId);
  if (filter.notPractitionerId) add((n) => `d.practitioner_id <> ${n}`, filter.notPractitionerId);
  if (filter.specialty) add((n) => `d.specialty_code = ${n}`, filter.specialty);
  if (filter.visitType) add((n) => `s.visit_type = ${n}`, filter.visitType);
  if (filter.excludeSlotIds?.length) add((n) => `s.slot_id <> ALL(${n}::text[])`, filter.excludeSlotIds);
  if (filter.sameDoctorAs) {
    params.push(filter.sameDoctorAs.scheduleId, filter.sameDoctorAs.practitionerId ?? null);
    where.push(`(s.schedule_id = $${params.length - 1} OR d.practitioner_id = $${params.length})`);
  }
  let order = 's.start_at, s.slot_id';
  if (filter.near) {
    params.push(filter.near.toISOString());
    order = `abs(extract(epoch FROM s.start_at - $${params.length}::timestamptz)), s.start_at, s.slot_id`;
  }
  params.push(filter.limit);
  const { rows } = await q.query<Row>(
    `SELECT s.slot_id, s.schedule_id, s.start_at, s.end_at, s.visit_type, d.practitioner_id, d.display, d.specialty_code, d.definition->'specialty'->>'display' AS specialty_display
     FROM schedule_slot s JOIN schedule_definition d USING (schedule_id)
     WHERE ${where.join(' AND ')}
       AND NOT EXISTS (SELECT 1 FROM slot_booking b WHERE b.slot_id = s.slot_id AND b.released_at IS NULL)
     ORDER BY ${order} LIMIT $${params.length}`,
    params,
  );
  return rows.map((row) => ({
    slotId: row.slot_id,
    scheduleId: row.schedule_id,
    start: new Date(row.start_at).toISOString(),
    end: new Date(row.end_at).toISOString(),
    visitType: isVisitType(row.visit_type) ? row.visit_type : null,
    practitionerId: row.practitioner_id,
    display: row.display,
    specialty: { code: row.specialty_code, display: row.specialty_display ?? row.specialty_code },
  }));
}
