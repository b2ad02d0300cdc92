import { randomUUID } from 'node:crypto';
import type { Appointment, Patient, Schedule, Slot } from '@medplum/fhirtypes';
import type { DeskAppointment, DeskBookInput, DeskCancelInput, DeskRescheduleInput } from '../../../shared/api/schedule-desk.js';
import type { StaffUser } from '../../../shared/api/session.js';
import { canMoveTo, HOLDS_SLOT, RESCHEDULABLE, type AppointmentMark } from '../../../shared/domain/appointment-status.js';
import { appointmentSummary, formatHumanName, slotIdOf, visitTypeOf } from '../../../shared/fhir/appointment-summary.js';
import { CANCELLED_BY_CLINIC, SCHEDULING_EXTENSIONS, SCHEDULING_SYSTEMS } from '../../../shared/fhir/scheduling.js';
import type { LocalStore } from '../../db/local-store.js';
import type { MutationAuthor } from '../../db/outbox.js';
import type { StaffProfile } from '../../db/staff-accounts.js';
import { ServiceError } from '../errors.js';
import { authorOf } from './author.js';

type WithId<T> = T & { id: string };

export interface DeskDeps {
  store: () => LocalStore;
  now: () => Date;
  /** The person working, recorded as the author of each change. */
  profile: (user: StaffUser) => StaffProfile | null;
}

/**
 * The registrar's commands on appointments, offline first: each writes the replica and queues its
 * mutation in one SQLite transaction. A booking is checked here against what this workstation
 * knows (a slot it already sees taken is refused at once), but only Central can promise the slot:
 * its answer to the `book` mutation confirms the booking or comes back as a refusal.
 */
export class DeskBookings {
  constructor(private readonly deps: DeskDeps) {}

  book(input: DeskBookInput, user: StaffUser): DeskAppointment {
    const store = this.deps.store();
    const now = this.deps.now();
    return store.transaction(() => {
      const appointment = this.placeBooking(store, input, now, authorOf(this.deps.profile(user)));
      return { appointment: appointmentSummary(appointment), pending: true };
    });
  }

  cancel(input: DeskCancelInput, user: StaffUser): DeskAppointment {
    const store = this.deps.store();
    const now = this.deps.now();
    return store.transaction(() => {
      const appointment = requireAppointment(store, input.appointmentId);
      if (appointment.status === 'cancelled') return this.answer(store, appointment);
      if (!canMoveTo(appointment.status, 'cancelled')) throw new ServiceError('conflict', `A ${appointment.status} appointment cannot be cancelled`, 'appointmentId');
      const cancelled: WithId<Appointment> = {
        ...appointment,
        status: 'cancelled',
        cancelationReason: { coding: [{ system: SCHEDULING_SYSTEMS.cancellationReason, code: CANCELLED_BY_CLINIC }], text: input.reason },
        extension: (appointment.extension ?? []).filter((e) => e.url !== SCHEDULING_EXTENSIONS.rebookNeeded),
      };
      store.resources.writeLocal(cancelled);
      freeSlotLocally(store, slotIdOf(appointment));
      store.outbox.enqueue('cancel', { appointmentId: appointment.id, reason: input.reason }, null, now, authorOf(this.deps.profile(user)));
      return this.answer(store, cancelled);
    });
  }

  /**
   * Moves the booking to another slot, keeping its id: shown here at once (pending), queued as one
   * `reschedule` that Central applies atomically. Refused (the slot was taken meanwhile), the
   * refusal puts Central's version back, so the patient keeps the old time, and the desk lists it
   * with alternatives and the phone. The old slot stays taken here until Central says it is free.
   */
  reschedule(input: DeskRescheduleInput, user: StaffUser): DeskAppointment {
    const store = this.deps.store();
    const now = this.deps.now();
    return store.transaction(() => {
      const old = requireAppointment(store, input.appointmentId);
      if (!RESCHEDULABLE.includes(old.status)) throw new ServiceError('conflict', `A ${old.status} appointment cannot be moved`, 'appointmentId');
      if (slotIdOf(old) === input.slotId) return this.answer(store, old);
      // A move queued before protocol 3 (a `book` waiting to cancel this one) is still on its way.
      if (store.scheduling.movesInProgress().has(old.id)) throw new ServiceError('conflict', 'This appointment is already being moved; wait for Central to confirm the move', 'appointmentId');
      const slot = this.freeSlot(store, input.slotId, now);
      const moved = placedLocally(store, old, slot);
      store.resources.writeLocal(moved);
      store.outbox.enqueue('reschedule', { appointmentId: old.id, slotId: slot.id, ...(input.reason ? { reason: input.reason } : {}) }, null, now, authorOf(this.deps.profile(user)));
      return { appointment: appointmentSummary(moved), pending: true };
    });
  }

  /** Arrived, checked in, seen, did not come: an `update` of the Appointment. */
  mark(input: { appointmentId: string; status: AppointmentMark }, user: StaffUser): DeskAppointment {
    const store = this.deps.store();
    const now = this.deps.now();
    return store.transaction(() => {
      const appointment = requireAppointment(store, input.appointmentId);
      if (appointment.status === input.status) return this.answer(store, appointment);
      if (!canMoveTo(appointment.status, input.status)) throw new ServiceError('conflict', `A ${appointment.status} appointment cannot become ${input.status}`, 'status');
      if (input.status === 'noshow' && appointment.start && new Date(appointment.start) > now) {
        throw new ServiceError('conflict', 'A patient cannot be marked absent before the appointment time', 'status');
      }
      const marked = { ...appointment, status: input.status };
      updateLocally(store, marked, now, authorOf(this.deps.profile(user)));
      return this.answer(store, marked);
    });
  }

  private answer(store: LocalStore, appointment: WithId<Appointment>): DeskAppointment {
    return { appointment: appointmentSummary(appointment), pending: isPending(store, appointment.id) };
  }

  /** A slot this workstation may book or move into: known, not begun, not taken as far as it knows. */
  private freeSlot(store: LocalStore, slotId: string, now: Date): WithId<Slot> {
    const slot = store.resources.get<Slot>('Slot', slotId) as WithId<Slot> | undefined;
    if (!slot) throw new ServiceError('not-found', 'This slot is not on this workstation', 'slotId');
    if (new Date(slot.start) <= now) throw new ServiceError('conflict', 'This slot has already begun', 'slotId');
    if (slotTakenLocally(store, slot)) throw new ServiceError('conflict', 'This slot is already taken', 'slotId');
    return slot;
  }

  /** Writes the new Appointment (version 0: not on Central yet) and its `book` mutation. */
  private placeBooking(store: LocalStore, input: DeskBookInput, now: Date, author: MutationAuthor | null): WithId<Appointment> {
    const slot = store.resources.get<Slot>('Slot', input.slotId) as WithId<Slot> | undefined;
    if (!slot) throw new ServiceError('not-found', 'This slot is not on this workstation', 'slotId');
    const patient = store.resources.get<Patient>('Patient', input.patientId);
    if (!patient) throw new ServiceError('not-found', 'This patient is not on this workstation', 'patientId');
    this.freeSlot(store, slot.id, now);
    const appointmentId = input.appointmentId ?? randomUUID();
    if (store.resources.versionOf('Appointment', appointmentId) !== undefined) throw new ServiceError('duplicate', 'An appointment with this id exists already', 'appointmentId');
    const schedule = store.resources.get<Schedule>('Schedule', slot.schedule?.reference?.replace(/^Schedule\//, '') ?? '');
    const appointment: WithId<Appointment> = {
      resourceType: 'Appointment',
      id: appointmentId,
      status: 'booked',
      ...(slot.serviceType ? { serviceType: slot.serviceType } : {}),
      start: slot.start,
      end: slot.end,
      created: now.toISOString(),
      slot: [{ reference: `Slot/${slot.id}` }],
      // The doctor and the room of the slot's schedule, as Central places them (src-server/scheduling/slot-checks.ts).
      participant: [
        { actor: { reference: `Patient/${input.patientId}`, display: formatHumanName(patient.name?.[0]) }, status: 'accepted' },
        ...(schedule?.actor ?? []).filter((a) => /^(Practitioner|Location)\//.test(a.reference ?? '')).map((actor) => ({ actor, status: 'accepted' as const })),
      ],
      extension: [{ url: SCHEDULING_EXTENSIONS.bookingChannel, valueCode: 'workstation' }],
      ...(input.comment ? { comment: input.comment } : {}),
    };
    store.resources.writeLocal(appointment);
    store.outbox.enqueue('book', { slotId: slot.id, appointment }, null, now, author);
    return appointment;
  }
}

export function requireAppointment(store: LocalStore, id: string): WithId<Appointment> {
  const appointment = store.resources.get<Appointment>('Appointment', id);
  if (!appointment) throw new ServiceError('not-found', 'This appointment is not on this workstation', 'appointmentId');
  return appointment as WithId<Appointment>;
}

/** An edit of an appointment: written here, queued as an `update` against the version Central last sent. */
export function updateLocally(store: LocalStore, appointment: WithId<Appointment>, now: Date, author: MutationAuthor | null): void {
  const version = store.resources.versionOf('Appointment', appointment.id) ?? 0;
  store.resources.writeLocal(appointment);
  store.outbox.enqueue('update', { resource: appointment }, version > 0 ? version : null, now, author);
}

/** Not yet on Central (booked here), or moved here and not yet confirmed. */
export function isPending(store: LocalStore, appointmentId: string): boolean {
  return store.resources.versionOf('Appointment', appointmentId) === 0 || [...store.scheduling.pendingBookings().values()].includes(appointmentId);
}

/** The appointment in another slot, as Central places it (src-server/scheduling/slot-checks.ts placedInSlot). */
function placedLocally(store: LocalStore, appointment: WithId<Appointment>, slot: WithId<Slot>): WithId<Appointment> {
  const schedule = store.resources.get<Schedule>('Schedule', slot.schedule?.reference?.replace(/^Schedule\//, '') ?? '');
  const actors = (schedule?.actor ?? []).filter((a) => /^(Practitioner|Location)\//.test(a.reference ?? ''));
  const kept = (appointment.participant ?? []).filter((p) => actors.length === 0 || !/^(Practitioner|Location)\//.test(p.actor?.reference ?? ''));
  return {
    ...appointment,
    status: 'booked',
    start: slot.start,
    end: slot.end,
    slot: [{ reference: `Slot/${slot.id}` }],
    ...(visitTypeOf(appointment) || !slot.serviceType ? {} : { serviceType: slot.serviceType }),
    participant: [...kept, ...actors.map((actor) => ({ actor, status: 'accepted' as const }))],
    extension: (appointment.extension ?? []).filter((e) => e.url !== SCHEDULING_EXTENSIONS.rebookNeeded),
  };
}

/** Taken as far as this workstation knows: Central published it busy or closed, or an appointment here holds it. */
function slotTakenLocally(store: LocalStore, slot: WithId<Slot>): boolean {
  if (slot.status !== 'free') return true;
  if (store.scheduling.pendingBookings().has(slot.id)) return true;
  return store.appointments.startingBetween(slot.start, new Date(new Date(slot.end).getTime() + 1).toISOString()).some((a) => slotIdOf(a) === slot.id && HOLDS_SLOT.includes(a.status));
}

/** The cancelled booking's slot shows free at once; Central's next version of the Slot replaces this copy. */
function freeSlotLocally(store: LocalStore, slotId: string | null): void {
  const slot = slotId ? store.resources.get<Slot>('Slot', slotId) : undefined;
  if (slot?.status === 'busy') store.resources.writeLocal({ ...slot, status: 'free' });
}
