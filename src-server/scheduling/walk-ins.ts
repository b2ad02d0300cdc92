import { randomUUID } from 'node:crypto';
import type { Appointment, Patient } from '@medplum/fhirtypes';
import type { WalkInEntry } from '../../shared/api/schedule-booking.js';
import { localDateOf } from '../../shared/domain/zoned-time.js';
import { patientContact, participantId } from '../../shared/fhir/appointment-summary.js';
import { DEFAULT_TIME_ZONE } from '../../shared/fhir/schedule-view.js';
import { SCHEDULING_EXTENSIONS, SCHEDULING_SYSTEMS } from '../../shared/fhir/scheduling.js';
import { conflict, notFound, unprocessable } from '../../shared/fhir/outcomes.js';
import type { Queryable } from '../db/database.js';
import { writeResources } from '../fhir/write.js';
import { cancelAppointment } from './booking.js';
import type { BookingChannel } from './claims.js';
import { markAppointment } from './reschedule.js';
import { readMany, readOne } from './store.js';

/**
 * The walk-in queue: a patient who came without a booking is an Appointment of type WALKIN with no
 * slot, status `arrived` while waiting, `checked-in` once called in, `fulfilled` when seen and
 * `cancelled` if they left. The queue order is the order of arrival (`queued_at`, distinct within a
 * clinic), so a walk-in queued at a workstation offline and synced later takes the place it arrived
 * at, and the clinic's workstations, sorting by `created`, show the same order.
 */
const WAIT_ESTIMATE_MINUTES = 15;

export interface WalkInInput {
  organizationId: string;
  patientId: string;
  practitionerId?: string | undefined;
  note?: string | undefined;
  now: Date;
  /** Chosen by a workstation (the `walk-in` sync mutation), so its later steps can name it. */
  appointmentId?: string | undefined;
  /** When the patient arrived, as the desk saw it; never later than now (a fast clock). */
  queuedAt?: Date | undefined;
  channel?: BookingChannel | undefined;
}

export async function addWalkIn(tx: Queryable, input: WalkInInput): Promise<WalkInEntry> {
  if (!(await readOne<Patient>(tx, 'Patient', input.patientId))) throw unprocessable(`Patient/${input.patientId} does not exist`, 'patientId');
  if (input.practitionerId && !(await readOne(tx, 'Practitioner', input.practitionerId))) throw unprocessable(`Practitioner/${input.practitionerId} does not exist`, 'practitionerId');
  const id = input.appointmentId ?? randomUUID();
  const { rows: clash } = await tx.query(`SELECT 1 FROM resource WHERE resource_type = 'Appointment' AND id = $1`, [id]);
  if (clash.length > 0) throw conflict(`Appointment/${id} already exists`, 'appointmentId');
  const queuedAt = await freeInstant(tx, input.organizationId, input.queuedAt && input.queuedAt < input.now ? input.queuedAt : input.now);
  const appointment = {
    resourceType: 'Appointment',
    id,
    status: 'arrived',
    appointmentType: { coding: [{ system: SCHEDULING_SYSTEMS.appointmentType, code: 'WALKIN', display: 'A previously unscheduled walk-in visit' }] },
    start: queuedAt.toISOString(),
    // R4 wants an end on an arrived appointment: an estimate, replaced by the visit itself.
    end: new Date(queuedAt.getTime() + WAIT_ESTIMATE_MINUTES * 60_000).toISOString(),
    created: queuedAt.toISOString(),
    participant: [
      { actor: { reference: `Patient/${input.patientId}` }, status: 'accepted' },
      ...(input.practitionerId ? [{ actor: { reference: `Practitioner/${input.practitionerId}` }, status: 'accepted' as const }] : []),
    ],
    extension: [{ url: SCHEDULING_EXTENSIONS.bookingChannel, valueCode: input.channel ?? 'staff' }],
    ...(input.note ? { comment: input.note } : {}),
  } satisfies Appointment & { id: string };
  await writeResources(tx, [{ kind: 'create', resource: appointment }], input.now);
  const date = localDateOf(queuedAt, DEFAULT_TIME_ZONE);
  await tx.query(`INSERT INTO walk_in (appointment_id, organization_id, practitioner_id, queue_date, queued_at) VALUES ($1, $2, $3, $4, $5)`, [
    appointment.id,
    input.organizationId,
    input.practitionerId ?? null,
    date,
    queuedAt.toISOString(),
  ]);
  const [entry] = await walkInEntries(tx, { organizationId: input.organizationId, date, appointmentIds: [appointment.id] });
  return entry!;
}

/**
 * The arrival time itself, or the first millisecond after it no other walk-in of the clinic holds:
 * arrival times stay distinct, so the queue's order is the order of `created` that every
 * workstation sorts by too (a desk's walk-ins are distinct already; this parts those of two desks,
 * or of a push whose fast-clock arrivals all became Central's now).
 */
async function freeInstant(tx: Queryable, organizationId: string, at: Date): Promise<Date> {
  const { rows } = await tx.query<{ queued_at: Date | string }>(
    `SELECT queued_at FROM walk_in WHERE organization_id = $1 AND queue_date = $2 AND queued_at >= $3 AND queued_at < $4 ORDER BY queued_at`,
    [organizationId, localDateOf(at, DEFAULT_TIME_ZONE), at.toISOString(), new Date(at.getTime() + 1000).toISOString()],
  );
  let free = at.getTime();
  for (const row of rows) if (new Date(row.queued_at).getTime() === free) free++;
  return new Date(free);
}

interface QueueRow {
  appointment_id: string;
  practitioner_id: string | null;
  queued_at: Date | string;
  position: number | string;
}

/**
 * A day's queue of a clinic in order of arrival; for one doctor it holds their patients and those
 * waiting for any doctor. Positions count the whole day's queue.
 */
export async function walkInEntries(q: Queryable, filter: { organizationId: string; date: string; practitionerId?: string | undefined; appointmentIds?: readonly string[] }): Promise<WalkInEntry[]> {
  const { rows } = await q.query<QueueRow>(
    `SELECT appointment_id, practitioner_id, queued_at, position FROM (
       SELECT w.*, row_number() OVER (ORDER BY queued_at, seq) AS position FROM walk_in w WHERE organization_id = $1 AND queue_date = $2) q
     WHERE ($3::text IS NULL OR practitioner_id = $3 OR practitioner_id IS NULL) AND ($4::text[] IS NULL OR appointment_id = ANY($4::text[]))
     ORDER BY position`,
    [filter.organizationId, filter.date, filter.practitionerId ?? null, filter.appointmentIds ?? null],
  );
  const appointments = await readMany<Appointment>(q, 'Appointment', rows.map((r) => r.appointment_id));
  const patients = await readMany<Patient>(q, 'Patient', [...appointments.values()].map((a) => participantId(a, 'Patient') ?? ''));
  return rows.flatMap((row) => {
    const appointment = appointments.get(row.appointment_id);
    const patientId = appointment && participantId(appointment, 'Patient');
    if (!appointment || !patientId) return [];
    return [{
      appointmentId: row.appointment_id,
      position: Number(row.position),
      patient: patientContact(patientId, patients.get(patientId)),
      practitionerId: row.practitioner_id,
      queuedAt: new Date(row.queued_at).toISOString(),
      status: appointment.status as WalkInEntry['status'],
      note: appointment.comment ?? null,
    }];
  });
}

/** Called in, seen, or left without being seen. */
export async function walkInAction(tx: Queryable, input: { organizationId: string; appointmentId: string; action: 'call' | 'done' | 'left'; now: Date }): Promise<WalkInEntry> {
  const { rows } = await tx.query<{ queue_date: string | Date }>(`SELECT queue_date::text AS queue_date FROM walk_in WHERE appointment_id = $1 AND organization_id = $2`, [input.appointmentId, input.organizationId]);
  if (rows.length === 0) throw notFound(`${input.appointmentId} is not in this clinic's walk-in queue`);
  const date = String(rows[0]!.queue_date);
  if (input.action === 'left') await cancelAppointment(tx, { appointmentId: input.appointmentId, reason: 'Left the walk-in queue', now: input.now, by: 'patient' });
  else await markAppointment(tx, { appointmentId: input.appointmentId, status: input.action === 'call' ? 'checked-in' : 'fulfilled', now: input.now });
  const [entry] = await walkInEntries(tx, { organizationId: input.organizationId, date, appointmentIds: [input.appointmentId] });
  return entry!;
}
