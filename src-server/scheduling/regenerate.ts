import type { Appointment, Slot } from '@medplum/fhirtypes';
import type { RebookItem, RegenerationReport, ScheduleDefinition } from '../../shared/api/schedule.js';
import { absenceAt, closedAllDay, planSlots, type PlannedSlot } from '../../shared/domain/slot-plan.js';
import { addDays } from '../../shared/domain/vaccination-dates.js';
import { localDateOf, localTimeOf, minutesOf } from '../../shared/domain/zoned-time.js';
import type { VisitType } from '../../shared/domain/visit-types.js';
import { participantId } from '../../shared/fhir/appointment-summary.js';
import { SCHEDULING_EXTENSIONS } from '../../shared/fhir/scheduling.js';
import type { Queryable } from '../db/database.js';
import { writeResources, type WriteOperation } from '../fhir/write.js';
import { requireDefinition } from './definitions.js';
import { openRebookItem, openRebookItems, resolveRebookItem } from './notices.js';
import { scheduleResource, slotIdFor, slotResource } from './schedule-resources.js';
import { readMany } from './store.js';

interface ExistingSlot {
  slot_id: string;
  start_at: Date | string;
  end_at: Date | string;
  visit_type: VisitType;
  planned: boolean;
}

/**
 * Brings a schedule's future slots in line with its definition, in the caller's transaction.
 * Slots that started before `now` are history and never touched. A free slot that left the plan is
 * deleted; a booked one is kept (the booking is never lost), marked outside the plan, and its
 * appointment goes to the rebook list with the reason. A booking survives a change whenever the new
 * plan still has a slot starting at the same time.
 */
export async function regenerateSlots(tx: Queryable, scheduleId: string, organizationId: string | undefined, now: Date): Promise<RegenerationReport> {
  const schedule = await requireDefinition(tx, scheduleId, organizationId, true);
  const d = schedule.definition;
  const from = localDateOf(now, d.timeZone);
  const to = addDays(from, d.horizonWeeks * 7);
  const plan = new Map<string, PlannedSlot>();
  if (d.active) for (const slot of planSlots(d, from, to)) if (new Date(slot.start) >= now) plan.set(slotIdFor(scheduleId, slot.start), slot);

  const { rows: existing } = await tx.query<ExistingSlot>(`SELECT slot_id, start_at, end_at, visit_type, planned FROM schedule_slot WHERE schedule_id = $1 AND start_at >= $2`, [scheduleId, now.toISOString()]);
  const differs = (row: ExistingSlot, planned: PlannedSlot | undefined) =>
    !planned || !row.planned || new Date(row.end_at).getTime() !== new Date(planned.end).getTime() || row.visit_type !== planned.visitType;
  const touched = existing.filter((row) => differs(row, plan.get(row.slot_id)));
  // Lock the Slots about to change first, then read who holds them: a booking in flight either
  // committed before the lock (and is seen) or waits for this transaction (and sees the result).
  const held = await holders(tx, touched.map((row) => row.slot_id));
  const slots = await readMany<Slot>(tx, 'Slot', touched.map((r) => r.slot_id), true);

  const writes: WriteOperation[] = [];
  const backInPlan: string[] = [];
  const leaving: { row: ExistingSlot; appointmentId: string }[] = [];
  let removed = 0;
  let updated = 0;
  for (const row of touched) {
    const planned = plan.get(row.slot_id);
    const appointmentId = held.get(row.slot_id);
    if (planned) {
      await tx.query(`UPDATE schedule_slot SET end_at = $2, visit_type = $3, planned = true WHERE slot_id = $1`, [row.slot_id, planned.end, planned.visitType]);
      writes.push({ kind: 'update', resource: slotResource({ slotId: row.slot_id, scheduleId, ...planned }, appointmentId ? 'busy' : 'free') });
      updated++;
      if (appointmentId && !row.planned) backInPlan.push(appointmentId);
    } else if (appointmentId) {
      if (row.planned) leaving.push({ row, appointmentId });
    } else {
      await tx.query(`DELETE FROM schedule_slot WHERE slot_id = $1`, [row.slot_id]);
      if (slots.has(row.slot_id)) writes.push({ kind: 'delete', resourceType: 'Slot', id: row.slot_id });
      removed++;
    }
  }
  const known = new Set(existing.map((row) => row.slot_id));
  const fresh = [...plan.entries()].filter(([slotId]) => !known.has(slotId));
  if (fresh.length > 0) {
    await tx.query(
      `INSERT INTO schedule_slot (slot_id, schedule_id, start_at, end_at, visit_type) SELECT unnest($1::text[]), $2, unnest($3::timestamptz[]), unnest($4::timestamptz[]), unnest($5::text[])`,
      [fresh.map(([id]) => id), scheduleId, fresh.map(([, s]) => s.start), fresh.map(([, s]) => s.end), fresh.map(([, s]) => s.visitType)],
    );
    for (const [slotId, slot] of fresh) writes.push({ kind: 'update', resource: slotResource({ slotId, scheduleId, ...slot }, 'free') });
  }
  writes.push({ kind: 'update', resource: scheduleResource(schedule, { start: from, end: to }) });
  await writeResources(tx, writes, now);
  await tx.query(`UPDATE schedule_definition SET generated_to = $2 WHERE schedule_id = $1`, [scheduleId, to]);

  const affected = await markForRebooking(tx, schedule, leaving, now);
  await markBackInPlan(tx, backInPlan, now);
  return { scheduleId, from, to, created: fresh.length, updated, removed, affected };
}

async function holders(tx: Queryable, slotIds: readonly string[]): Promise<Map<string, string>> {
  if (slotIds.length === 0) return new Map();
  await tx.query(`SELECT 1 FROM resource WHERE resource_type = 'Slot' AND id = ANY($1::text[]) ORDER BY id FOR UPDATE`, [[...slotIds].sort()]);
  const { rows } = await tx.query<{ slot_id: string; appointment_id: string }>(`SELECT slot_id, appointment_id FROM slot_booking WHERE slot_id = ANY($1::text[]) AND released_at IS NULL`, [slotIds]);
  return new Map(rows.map((row) => [row.slot_id, row.appointment_id]));
}

/** Why a booked slot is no longer in the plan, in words a patient can be told. */
function rebookReason(schedule: ScheduleDefinition, start: string): RebookItem['reason'] {
  const d = schedule.definition;
  if (!d.active) return 'schedule-closed';
  const date = localDateOf(start, d.timeZone);
  return closedAllDay(d, date) ?? absenceAt(d, date, minutesOf(localTimeOf(start, d.timeZone)))?.reason ?? 'hours-changed';
}

async function markForRebooking(tx: Queryable, schedule: ScheduleDefinition, leaving: { row: ExistingSlot; appointmentId: string }[], now: Date): Promise<RebookItem[]> {
  if (leaving.length === 0) return [];
  const appointments = await readMany<Appointment>(tx, 'Appointment', leaving.map((l) => l.appointmentId), true);
  const writes: WriteOperation[] = [];
  for (const { row, appointmentId } of leaving) {
    await tx.query(`UPDATE schedule_slot SET planned = false WHERE slot_id = $1`, [row.slot_id]);
    const appointment = appointments.get(appointmentId);
    if (!appointment) continue;
    const start = new Date(row.start_at).toISOString();
    const reason = rebookReason(schedule, start);
    const others = (appointment.extension ?? []).filter((e) => e.url !== SCHEDULING_EXTENSIONS.rebookNeeded);
    writes.push({ kind: 'update', resource: { ...appointment, extension: [...others, { url: SCHEDULING_EXTENSIONS.rebookNeeded, valueCode: reason }] } });
    const patientId = participantId(appointment, 'Patient') ?? '';
    await openRebookItem(tx, { appointmentId, scheduleId: schedule.scheduleId, organizationId: schedule.organizationId, slotId: row.slot_id, patientId, start, reason }, now);
  }
  await writeResources(tx, writes, now);
  return openRebookItems(tx, { appointmentIds: leaving.map((l) => l.appointmentId) });
}

async function markBackInPlan(tx: Queryable, appointmentIds: string[], now: Date): Promise<void> {
  if (appointmentIds.length === 0) return;
  const appointments = await readMany<Appointment>(tx, 'Appointment', appointmentIds, true);
  const writes: WriteOperation[] = [];
  for (const id of appointmentIds) {
    await resolveRebookItem(tx, id, 'back-in-schedule', now);
    const appointment = appointments.get(id);
    if (appointment) writes.push({ kind: 'update', resource: { ...appointment, extension: (appointment.extension ?? []).filter((e) => e.url !== SCHEDULING_EXTENSIONS.rebookNeeded) } });
  }
  await writeResources(tx, writes, now);
}
