import type { Appointment, Patient, Schedule, Slot } from '@medplum/fhirtypes';
import type { ScheduleView, ScheduleViewQuery } from '../../shared/api/schedule-views.js';
import { participantId } from '../../shared/fhir/appointment-summary.js';
import { buildScheduleView } from '../../shared/fhir/schedule-view.js';
import type { Queryable } from '../db/database.js';
import { readMany } from './store.js';

/**
 * A day or a week of one schedule, of one doctor's schedules, or of a specialty across the clinic,
 * from the stored FHIR resources: the same builder the workstation runs on its local copy.
 * Returns the view and the patients it shows (for the audit trail).
 */
export async function scheduleView(q: Queryable, organizationId: string, query: ScheduleViewQuery): Promise<{ view: ScheduleView; patientIds: string[] }> {
  const { rows: defs } = await q.query<{ schedule_id: string }>(
    `SELECT schedule_id FROM schedule_definition WHERE organization_id = $1
       AND ($2::text IS NULL OR schedule_id = $2) AND ($3::text IS NULL OR practitioner_id = $3) AND ($4::text IS NULL OR specialty_code = $4)
     ORDER BY display, schedule_id`,
    [organizationId, query.scheduleId ?? null, query.practitionerId ?? null, query.specialty ?? null],
  );
  const scheduleIds = defs.map((d) => d.schedule_id);
  // A day either side covers every time zone; the builder keeps only the asked local dates.
  const { rows: slotRows } = await q.query<{ slot_id: string }>(
    `SELECT slot_id FROM schedule_slot WHERE schedule_id = ANY($1::text[]) AND start_at >= $2::date - 1 AND start_at < $2::date + $3::int + 1`,
    [scheduleIds, query.from, query.days],
  );
  const slotIds = slotRows.map((r) => r.slot_id);
  const { rows: held } = await q.query<{ appointment_id: string }>(`SELECT appointment_id FROM slot_booking WHERE slot_id = ANY($1::text[]) AND released_at IS NULL`, [slotIds]);
  const schedules = await readMany<Schedule>(q, 'Schedule', scheduleIds);
  const slots = await readMany<Slot>(q, 'Slot', slotIds);
  const appointments = await readMany<Appointment>(q, 'Appointment', held.map((r) => r.appointment_id));
  const patientIds = [...new Set([...appointments.values()].map((a) => participantId(a, 'Patient')).filter((id): id is string => Boolean(id)))];
  const patients = await readMany<Patient>(q, 'Patient', patientIds);
  const view = buildScheduleView({
    from: query.from,
    days: query.days,
    schedules: scheduleIds.map((id) => schedules.get(id)).filter((s): s is Schedule & { id: string } => Boolean(s)),
    slots: [...slots.values()],
    appointments: [...appointments.values()],
    patients: [...patients.values()],
  });
  return { view, patientIds };
}

