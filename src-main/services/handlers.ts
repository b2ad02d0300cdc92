import type { ApiMethod } from '../../shared/api/methods.js';
import type { ApiOutput, ApiParsedInput } from '../../shared/api/contract.js';
import type { StaffUser } from '../../shared/api/session.js';
import { isAllowed } from '../../shared/domain/access.js';
import { checkPersonalNumber, normalizePersonalNumber } from '../../shared/domain/personal-number.js';
import { localDateOf } from '../../shared/domain/zoned-time.js';
import { DEFAULT_TIME_ZONE } from '../../shared/fhir/schedule-view.js';
import { ServiceError } from './errors.js';
import { RegisterUnavailableError } from './ports.js';
import type { WorkstationPorts } from './ports.js';

/** What a handler learns about its caller: the logged-in user, never the transport. */
export interface CallContext {
  user: StaffUser | null;
}

export type Handler<M extends ApiMethod> = (input: ApiParsedInput<M>, context: CallContext) => Promise<ApiOutput<M>> | ApiOutput<M>;
export type Handlers = { [M in ApiMethod]: Handler<M> };

/** Methods that work without an active session: the login and lock screens need them. */
export const OPEN_METHODS: ReadonlySet<ApiMethod> = new Set(['session.status', 'session.login', 'session.unlock', 'session.logout', 'settings.get', 'settings.set']);

function requireUser(context: CallContext): StaffUser {
  if (!context.user) throw new ServiceError('unauthenticated', 'Log in first');
  return context.user;
}

/** The workstation hides what a role may not do; Central enforces the same matrix again. */
function requireAllowed(context: CallContext, action: 'read' | 'create' | 'update', resourceType: string): StaffUser {
  const user = requireUser(context);
  if (!isAllowed([user.role], action, resourceType)) throw new ServiceError('forbidden', `The role ${user.role} may not ${action} ${resourceType}`);
  return user;
}

/** Only a doctor issues sick-leave certificates (Central checks it again). */
function requireDoctor(context: CallContext): StaffUser {
  const user = requireUser(context);
  if (user.role !== 'doctor') throw new ServiceError('forbidden', 'Only a doctor issues sick-leave certificates');
  return user;
}

/** Schedules are defined by a clinic administrator (Central checks it again). */
function requireClinicAdmin(context: CallContext): StaffUser {
  const user = requireUser(context);
  if (user.role !== 'clinic-admin') throw new ServiceError('forbidden', 'Only a clinic administrator defines schedules');
  return user;
}

function checkedPersonalNumber(raw: string): string {
  const value = normalizePersonalNumber(raw);
  const check = checkPersonalNumber(value);
  if (!check.ok) throw new ServiceError('invalid', check.message, 'personalNumber');
  return value;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export function createHandlers(ports: WorkstationPorts): Handlers {
  /**
   * A desk command and its AuditEvent in one transaction: an Appointment is in its patient's
   * compartment, and Central records none for the mutation the command queues (only for bookings
   * made over its own HTTP API), so the workstation's event is the record.
   */
  const audited = <T>(user: StaffUser, action: 'create' | 'update', command: () => T, patientOf: (done: T) => string | null): T =>
    ports.atomically(() => {
      const done = command();
      const patientId = patientOf(done);
      ports.audit.record({ action, user, ...(patientId ? { patientId } : {}) });
      return done;
    });
  /**
   * A read that showed patients leaves one 'search' event per patient shown, as Central audits its
   * own views (src-server/scheduling/http.ts auditPatients); the query says what was searched.
   * Recorded after the read succeeded (a failed read leaves none), outside the read, all in one
   * transaction: the trail holds every patient shown or, when it refuses, none and nothing is shown.
   */
  const auditShown = (user: StaffUser, query: string, patientIds: readonly (string | null | undefined)[]): void => {
    const shown = [...new Set(patientIds.filter((id): id is string => Boolean(id)))];
    if (shown.length === 0) return;
    ports.atomically(() => {
      for (const patientId of shown) ports.audit.record({ action: 'search', user, patientId, query });
    });
  };
  const queryOf = (resourceType: string, params: Record<string, string | number | boolean | undefined>): string => {
    const defined = Object.entries(params).filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined);
    return `${resourceType}?${new URLSearchParams(defined.map(([name, value]) => [name, String(value)])).toString()}`;
  };
  return {
    'session.status': () => ports.session.status(),
    'session.login': (input) => ports.session.login(input.username, input.password),
    'session.lock': () => ports.session.lock(),
    'session.unlock': (input) => ports.session.unlock(input.password),
    'session.logout': () => ports.session.logout(),

    'patients.search': (input, context) => {
      const user = requireAllowed(context, 'read', 'Patient');
      // A read has no effect to commit with its event: searched first, a failed search leaves no
      // event, and an event the trail refuses returns nothing.
      const items = ports.patients.search(input.query, input.limit);
      ports.audit.record({ action: 'search', user, query: input.query });
      return { items };
    },
    'patients.lookupRegister': async (input, context) => {
      const user = requireAllowed(context, 'read', 'Patient');
      const personalNumber = checkedPersonalNumber(input.personalNumber);
      const existing = ports.patients.byPersonalNumber(personalNumber);
      if (existing) {
        auditShown(user, queryOf('Patient', { identifier: personalNumber }), [existing.id]);
        return { status: 'already-registered', patient: existing };
      }
      try {
        const person = await ports.register.lookup(personalNumber);
        return person ? { status: 'found', person } : { status: 'not-found' };
      } catch (error) {
        if (error instanceof RegisterUnavailableError) return { status: 'offline' };
        throw error;
      }
    },
    'patients.register': async (input, context) => {
      const user = requireAllowed(context, 'create', 'Patient');
      const personalNumber = checkedPersonalNumber(input.personalNumber);
      if (checkPersonalNumber(personalNumber).ok && ports.patients.byPersonalNumber(personalNumber)) {
        throw new ServiceError('duplicate', 'A patient with this personal number is already registered', 'personalNumber');
      }
      let registerCheck: 'confirmed' | 'pending' = 'pending';
      try {
        registerCheck = (await ports.register.lookup(personalNumber)) ? 'confirmed' : 'pending';
      } catch (error) {
        if (!(error instanceof RegisterUnavailableError)) throw error;
      }
      return ports.atomically(() => {
        const patient = ports.patients.register({ ...input, personalNumber }, registerCheck);
        ports.audit.record({ action: 'create', user, patientId: patient.id });
        return { patient, registerCheck };
      });
    },

    'patients.fetchRemote': async (input, context) => {
      const user = requireAllowed(context, 'read', 'Encounter');
      const personalNumber = checkedPersonalNumber(input.personalNumber);
      const existing = ports.patients.byPersonalNumber(personalNumber);
      if (existing) return { patient: existing };
      return { patient: await ports.remote.fetch(personalNumber, input.reason, user) };
    },

    'chart.get': (input, context) => {
      const user = requireAllowed(context, 'read', 'Encounter');
      // Read, then audit, as patients.search. Not inside a transaction: a record read inside one is
      // never kept by the record cache (db/record-cache.ts), so every opening would parse it again.
      const chart = ports.chart.get(input.patientId);
      if (!chart) throw new ServiceError('not-found', 'This patient is not on this workstation');
      ports.audit.record({ action: 'read', user, patientId: input.patientId });
      return chart;
    },
    'visits.save': (input, context) => {
      const user = requireAllowed(context, 'create', 'Encounter');
      const saved = ports.atomically(() => {
        if (!ports.patients.byId(input.patientId)) throw new ServiceError('not-found', 'No such patient on this workstation', 'patientId');
        const visit = ports.visits.save(input, user);
        ports.audit.record({ action: input.encounterId ? 'update' : 'create', user, patientId: input.patientId });
        return visit;
      });
      return { ...saved, pendingSync: ports.sync.status().pending > 0 };
    },
    'day.list': (input, context) => {
      const user = requireAllowed(context, 'read', 'Appointment');
      const first = input.from ? new Date(`${input.from}T00:00:00Z`) : new Date(`${isoDay(ports.now())}T00:00:00Z`);
      const days = Array.from({ length: input.days }, (_, i) => new Date(first.getTime() + i * 86_400_000));
      const list = days.map((day) => ({
        date: isoDay(day),
        appointments: ports.schedule.appointments(day.toISOString(), new Date(day.getTime() + 86_400_000).toISOString()),
      }));
      auditShown(user, queryOf('Appointment', { from: isoDay(first), days: input.days }), list.flatMap((day) => day.appointments.map((row) => row.patient.id)));
      return { days: list };
    },
    'schedule.directory': (_input, context) => (requireAllowed(context, 'read', 'Schedule'), ports.desk.directory()),
    'schedule.view': (input, context) => {
      const user = requireAllowed(context, 'read', 'Appointment');
      const view = ports.desk.view(input);
      const shown = view.schedules.flatMap((column) => column.days.flatMap((day) => day.slots.map((slot) => slot.appointment?.patient?.patientId ?? slot.appointment?.patientId)));
      auditShown(user, queryOf('Appointment', { ...input }), shown);
      return view;
    },
    'schedule.nextFree': (input, context) => (requireAllowed(context, 'read', 'Slot'), { slots: ports.desk.nextFree(input) }),
    'schedule.book': (input, context) => {
      const user = requireAllowed(context, 'create', 'Appointment');
      return audited(user, 'create', () => ports.desk.book(input, user), () => input.patientId);
    },
    'schedule.cancel': (input, context) => {
      const user = requireAllowed(context, 'update', 'Appointment');
      return audited(user, 'update', () => ports.desk.cancel(input, user), (done) => done.appointment.patientId);
    },
    'schedule.reschedule': (input, context) => {
      const user = requireAllowed(context, 'update', 'Appointment');
      return audited(user, 'update', () => ports.desk.reschedule(input, user), (done) => done.appointment.patientId);
    },
    'schedule.mark': (input, context) => {
      const user = requireAllowed(context, 'update', 'Appointment');
      return audited(user, 'update', () => ports.desk.mark(input, user), (done) => done.appointment.patientId);
    },
    'schedule.walkIns': (input, context) => {
      const user = requireAllowed(context, 'read', 'Appointment');
      const date = input.date ?? localDateOf(ports.now(), DEFAULT_TIME_ZONE);
      const entries = ports.desk.walkIns(date);
      auditShown(user, queryOf('Appointment', { date, 'walk-in': true }), entries.map((entry) => entry.patient.patientId));
      return { date, entries };
    },
    'schedule.addWalkIn': (input, context) => {
      const user = requireAllowed(context, 'create', 'Appointment');
      return { entry: audited(user, 'create', () => ports.desk.addWalkIn(input, user), () => input.patientId) };
    },
    'schedule.walkInAction': (input, context) => {
      const user = requireAllowed(context, 'update', 'Appointment');
      return { entry: audited(user, 'update', () => ports.desk.walkInAction(input, user), (entry) => entry.patient.patientId) };
    },
    'schedule.preventiveDue': (input, context) => {
      const user = requireAllowed(context, 'read', 'Patient');
      const due = ports.desk.preventiveDue(input);
      auditShown(user, queryOf('Patient', { 'preventive-due': true, ...input }), due.entries.map((entry) => entry.patient.patientId));
      return due;
    },
    'schedule.refusals': (_input, context) => {
      const user = requireAllowed(context, 'read', 'Appointment');
      const items = ports.desk.refusals();
      auditShown(user, queryOf('Appointment', { refused: true }), items.map((item) => item.refusal.patient?.patientId));
      return { items };
    },
    'schedule.resolveRefusal': (input, context) => {
      const user = requireAllowed(context, 'create', 'Appointment');
      const refusal = ports.desk.refusals().find((r) => r.id === input.id);
      if (!refusal) throw new ServiceError('not-found', 'This refusal was resolved already', 'id');
      // The booking (with its event) and the refusal's dismissal commit together: a crash between
      // them must not leave the refusal open with the new booking already made.
      const booked = ports.atomically(() => {
        let done = null;
        if (input.slotId && refusal.movedAppointmentId) {
          // A refused move: the appointment still holds its old time; the alternative moves it.
          const move = { appointmentId: refusal.movedAppointmentId, slotId: input.slotId };
          done = audited(user, 'update', () => ports.desk.reschedule(move, user), (moved) => moved.appointment.patientId);
        } else if (input.slotId) {
          const patientId = refusal.refusal.patient?.patientId;
          if (!patientId) throw new ServiceError('invalid', 'The refused booking names no patient to book', 'id');
          const slotId = input.slotId;
          done = audited(user, 'create', () => ports.desk.book({ slotId, patientId }, user), () => patientId);
        }
        ports.sync.resolve(input.id, 'dismiss');
        return done;
      });
      return { resolved: input.id, booked };
    },
    'schedule.definitions': async (_input, context) => (requireClinicAdmin(context), { schedules: await ports.scheduleAdmin.definitions() }),
    'schedule.saveDefinition': (input, context) => (requireClinicAdmin(context), ports.scheduleAdmin.save(input)),
    'schedule.rebookList': async (_input, context) => (requireAllowed(context, 'update', 'Appointment'), { items: await ports.scheduleAdmin.rebookList() }),
    'schedule.definitionChoices': (_input, context) => (requireClinicAdmin(context), ports.scheduleAdmin.choices()),
    'icd10.search': async (input, context) => {
      requireUser(context);
      return { items: await ports.icd10.search(input.query, input.limit) };
    },

    'sync.status': (_input, context) => (requireUser(context), ports.sync.status()),
    'sync.now': (_input, context) => (requireUser(context), ports.sync.syncNow()),
    'inbox.list': (_input, context) => (requireUser(context), { items: ports.sync.inbox() }),
    'inbox.resolve': (input, context) => {
      requireUser(context);
      ports.sync.resolve(input.id, input.choice);
      return { resolved: input.id };
    },

    'settings.get': () => ports.settings.get(),
    'settings.set': (input) => ports.settings.set(input),

    'sickLeave.list': async (input, context) => {
      const user = requireAllowed(context, 'read', 'Encounter');
      const list = await ports.sickLeave.list(input.patientId);
      // Answered by Central, Central audited it; answered from this store, the event is ours.
      if (!list.refreshed) auditShown(user, queryOf('SickLeaveCertificate', { patient: input.patientId }), [input.patientId]);
      return list;
    },
    'sickLeave.open': (input, context) => {
      const user = requireDoctor(context);
      return ports.atomically(() => {
        if (!ports.patients.byId(input.patientId)) throw new ServiceError('not-found', 'No such patient on this workstation', 'patientId');
        const certificate = ports.sickLeave.open(input, user);
        ports.audit.record({ action: 'create', user, patientId: input.patientId });
        return { certificate };
      });
    },
    'sickLeave.change': (input, context) => {
      const user = requireDoctor(context);
      return ports.atomically(() => {
        const certificate = ports.sickLeave.change(input, user);
        ports.audit.record({ action: 'update', user, patientId: certificate.patientId });
        return { certificate };
      });
    },
  };
}
