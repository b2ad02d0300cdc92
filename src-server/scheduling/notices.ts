import type { Patient } from '@medplum/fhirtypes';
import type { RebookItem } from '../../shared/api/schedule.js';
import type { ScheduleChange } from '../../shared/api/schedule-cabinet.js';
import { patientContact } from '../../shared/fhir/appointment-summary.js';
import type { Queryable } from '../db/database.js';
import { readMany } from './store.js';

/**
 * What the clinic changed in someone's bookings: the rebook list a registrar works through, and
 * the notices a patient reads in the cabinet. Written in the transaction that made the change.
 */
export interface OpenRebook {
  appointmentId: string;
  scheduleId: string;
  organizationId: string;
  slotId: string;
  patientId: string;
  start: string;
  reason: RebookItem['reason'];
}

export async function openRebookItem(tx: Queryable, item: OpenRebook, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO rebook_item (appointment_id, schedule_id, organization_id, slot_id, patient_id, start_at, reason, since)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (appointment_id) WHERE resolved_at IS NULL DO NOTHING`,
    [item.appointmentId, item.scheduleId, item.organizationId, item.slotId, item.patientId, item.start, item.reason, now.toISOString()],
  );
  await notifyPatient(tx, { patientId: item.patientId, appointmentId: item.appointmentId, kind: 'rebook-needed', rebookReason: item.reason, start: item.start }, now);
}

/** Closes the open rebook item of an appointment (moved, cancelled, or back in the schedule). */
export async function resolveRebookItem(tx: Queryable, appointmentId: string, resolution: 'rescheduled' | 'cancelled' | 'back-in-schedule', now: Date): Promise<void> {
  await tx.query(`UPDATE rebook_item SET resolved_at = $2, resolution = $3 WHERE appointment_id = $1 AND resolved_at IS NULL`, [appointmentId, now.toISOString(), resolution]);
}

interface RebookRow {
  appointment_id: string;
  schedule_id: string;
  slot_id: string;
  patient_id: string;
  start_at: Date | string;
  reason: RebookItem['reason'];
  since: Date | string;
}

/** The open rebook list of a clinic (or of some appointments), soonest first, with a phone to call. */
export async function openRebookItems(q: Queryable, filter: { organizationId: string } | { appointmentIds: readonly string[] }): Promise<RebookItem[]> {
  const byOrg = 'organizationId' in filter;
  const { rows } = await q.query<RebookRow>(
    `SELECT appointment_id, schedule_id, slot_id, patient_id, start_at, reason, since FROM rebook_item
     WHERE resolved_at IS NULL AND ${byOrg ? 'organization_id = $1' : 'appointment_id = ANY($1::text[])'} ORDER BY start_at, appointment_id`,
    [byOrg ? filter.organizationId : filter.appointmentIds],
  );
  const patients = await readMany<Patient>(q, 'Patient', rows.map((r) => r.patient_id));
  return rows.map((row) => ({
    appointmentId: row.appointment_id,
    scheduleId: row.schedule_id,
    slotId: row.slot_id,
    start: new Date(row.start_at).toISOString(),
    reason: row.reason,
    since: new Date(row.since).toISOString(),
    patient: patientContact(row.patient_id, patients.get(row.patient_id)),
  }));
}

export interface Notice {
  patientId: string;
  appointmentId: string;
  kind: ScheduleChange['kind'];
  reason?: string | undefined;
  rebookReason?: RebookItem['reason'] | undefined;
  previousStart?: string | undefined;
  start?: string | undefined;
}

export async function notifyPatient(tx: Queryable, notice: Notice, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO schedule_change_notice (patient_id, appointment_id, kind, at, reason, rebook_reason, previous_start, start_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [notice.patientId, notice.appointmentId, notice.kind, now.toISOString(), notice.reason ?? null, notice.rebookReason ?? null, notice.previousStart ?? null, notice.start ?? null],
  );
}

export async function noticesFor(q: Queryable, patientId: string, since: Date | undefined): Promise<ScheduleChange[]> {
  const { rows } = await q.query<{ appointment_id: string; kind: ScheduleChange['kind']; at: Date | string; reason: string | null; rebook_reason: RebookItem['reason'] | null; previous_start: Date | string | null; start_at: Date | string | null }>(
    `SELECT appointment_id, kind, at, reason, rebook_reason, previous_start, start_at FROM schedule_change_notice
     WHERE patient_id = $1 AND at >= $2 ORDER BY at DESC, id DESC LIMIT 200`,
    [patientId, (since ?? new Date(0)).toISOString()],
  );
  const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
  return rows.map((r) => ({ appointmentId: r.appointment_id, kind: r.kind, at: iso(r.at)!, reason: r.reason, rebookReason: r.rebook_reason, previousStart: iso(r.previous_start), start: iso(r.start_at) }));
}
