import { randomUUID } from 'node:crypto';
import type { Appointment, Patient } from '@medplum/fhirtypes';
import type { WalkInEntry } from '../../../shared/api/schedule-booking.js';
import type { StaffUser } from '../../../shared/api/session.js';
import { canMoveTo } from '../../../shared/domain/appointment-status.js';
import { localDateOf } from '../../../shared/domain/zoned-time.js';
import { isWalkIn, participantId, patientContact } from '../../../shared/fhir/appointment-summary.js';
import { DEFAULT_TIME_ZONE } from '../../../shared/fhir/schedule-view.js';
import { CANCELLED_BY_PATIENT, SCHEDULING_EXTENSIONS, SCHEDULING_SYSTEMS } from '../../../shared/fhir/scheduling.js';
import { addDays } from '../../../shared/domain/vaccination-dates.js';
import type { WalkInArgs } from '../../../shared/sync/walk-in.js';
import type { LocalStore } from '../../db/local-store.js';
import { ServiceError } from '../errors.js';
import { authorOf } from './author.js';
import { requireAppointment, type DeskDeps } from './desk-bookings.js';

type WithId<T> = T & { id: string };

/** R4 wants an end on an arrived appointment: an estimate, as Central's walk-ins have. */
const WAIT_ESTIMATE_MINUTES = 15;
const ACTION_STATUS = { call: 'checked-in', done: 'fulfilled', left: 'cancelled' } as const;

/**
 * The walk-in queue, kept the way Central keeps it (src-server/scheduling/walk-ins.ts): a WALKIN
 * Appointment with no slot, `arrived` while waiting, `checked-in` when called, `fulfilled` when
 * seen, `cancelled` (by the patient) when they left. Made here it is a `walk-in` mutation (its id
 * and arrival time chosen here, offline too), its steps `walk-in` mutations as well, so Central puts
 * it in the clinic's queue and the other workstations show the same queue; the order is the order
 * of arrival of the clinic's day.
 */
export class DeskWalkIns {
  constructor(private readonly deps: DeskDeps) {}

  queue(date: string): WalkInEntry[] {
    const store = this.deps.store();
    const from = `${addDays(date, -1)}T00:00:00Z`;
    const to = `${addDays(date, 2)}T00:00:00Z`;
    const day = store.appointments
      .startingBetween(from, to)
      .filter((a): a is WithId<Appointment> => Boolean(a.id) && isWalkIn(a) && localDateOf(a.start!, DEFAULT_TIME_ZONE) === date)
      .sort((a, b) => (a.created ?? a.start!).localeCompare(b.created ?? b.start!) || a.id.localeCompare(b.id));
    return day.flatMap((appointment, index) => {
      const entry = entryOf(store, appointment, index + 1);
      return entry ? [entry] : [];
    });
  }

  add(input: { patientId: string; practitionerId?: string | undefined; note?: string | undefined }, user: StaffUser): WalkInEntry {
    const store = this.deps.store();
    const now = this.arrivalTime(this.deps.now());
    if (!store.resources.get<Patient>('Patient', input.patientId)) throw new ServiceError('not-found', 'This patient is not on this workstation', 'patientId');
    if (input.practitionerId && !store.resources.get('Practitioner', input.practitionerId)) throw new ServiceError('not-found', 'No such doctor on this workstation', 'practitionerId');
    const appointment: WithId<Appointment> = {
      resourceType: 'Appointment',
      id: randomUUID(),
      status: 'arrived',
      appointmentType: { coding: [{ system: SCHEDULING_SYSTEMS.appointmentType, code: 'WALKIN', display: 'A previously unscheduled walk-in visit' }] },
      start: now.toISOString(),
      end: new Date(now.getTime() + WAIT_ESTIMATE_MINUTES * 60_000).toISOString(),
      created: now.toISOString(),
      participant: [
        { actor: { reference: `Patient/${input.patientId}` }, status: 'accepted' },
        ...(input.practitionerId ? [{ actor: { reference: `Practitioner/${input.practitionerId}` }, status: 'accepted' as const }] : []),
      ],
      extension: [{ url: SCHEDULING_EXTENSIONS.bookingChannel, valueCode: 'workstation' }],
      ...(input.note ? { comment: input.note } : {}),
    };
    const add: WalkInArgs = {
      action: 'add',
      appointmentId: appointment.id,
      patientId: input.patientId,
      ...(input.practitionerId ? { practitionerId: input.practitionerId } : {}),
      ...(input.note ? { note: input.note } : {}),
      queuedAt: appointment.created!,
    };
    store.transaction(() => {
      store.resources.writeLocal(appointment);
      store.outbox.enqueue('walk-in', add, null, now, authorOf(this.deps.profile(user)));
    });
    return this.entry(store, appointment.id);
  }

  act(input: { appointmentId: string; action: keyof typeof ACTION_STATUS }, user: StaffUser): WalkInEntry {
    const store = this.deps.store();
    const now = this.deps.now();
    store.transaction(() => {
      const appointment = requireAppointment(store, input.appointmentId);
      if (!isWalkIn(appointment)) throw new ServiceError('invalid', 'This appointment is not in the walk-in queue', 'appointmentId');
      const status = ACTION_STATUS[input.action];
      if (appointment.status === status) return;
      if (!canMoveTo(appointment.status, status)) throw new ServiceError('conflict', `A ${appointment.status} walk-in cannot become ${status}`, 'action');
      const next: WithId<Appointment> =
        status === 'cancelled'
          ? { ...appointment, status, cancelationReason: { coding: [{ system: SCHEDULING_SYSTEMS.cancellationReason, code: CANCELLED_BY_PATIENT }], text: 'Left the walk-in queue' } }
          : { ...appointment, status };
      store.resources.writeLocal(next);
      store.outbox.enqueue('walk-in', { action: input.action, appointmentId: appointment.id } satisfies WalkInArgs, null, now, authorOf(this.deps.profile(user)));
    });
    return this.entry(store, input.appointmentId);
  }

  /**
   * Now, or just after the latest arrival queued here: two walk-ins of one desk never share a
   * millisecond, so the order of arrival is the same here, at Central and on the other desks.
   */
  private arrivalTime(now: Date): Date {
    const latest = this.queue(localDateOf(now, DEFAULT_TIME_ZONE)).reduce((max, entry) => Math.max(max, Date.parse(entry.queuedAt)), 0);
    return latest >= now.getTime() ? new Date(latest + 1) : now;
  }

  private entry(store: LocalStore, appointmentId: string): WalkInEntry {
    const appointment = requireAppointment(store, appointmentId);
    const found = this.queue(localDateOf(appointment.start!, DEFAULT_TIME_ZONE)).find((e) => e.appointmentId === appointmentId);
    if (!found) throw new ServiceError('internal', 'The walk-in is not in its queue');
    return found;
  }
}

function entryOf(store: LocalStore, appointment: WithId<Appointment>, position: number): WalkInEntry | null {
  const patientId = participantId(appointment, 'Patient');
  if (!patientId) return null;
  return {
    appointmentId: appointment.id,
    position,
    patient: patientContact(patientId, store.resources.get<Patient>('Patient', patientId)),
    practitionerId: participantId(appointment, 'Practitioner'),
    queuedAt: new Date(appointment.created ?? appointment.start!).toISOString(),
    status: appointment.status as WalkInEntry['status'],
    note: appointment.comment ?? null,
  };
}
