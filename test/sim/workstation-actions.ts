import type { Appointment, Patient, Slot } from '@medplum/fhirtypes';
import type { StaffUser } from '../../shared/api/session.js';
import { localDateOf } from '../../shared/domain/zoned-time.js';
import { DEFAULT_TIME_ZONE } from '../../shared/fhir/schedule-view.js';
import type { LocalStore } from '../../src-main/db/local-store.js';
import { ServiceError } from '../../src-main/services/errors.js';
import type { DeskSchedulePort } from '../../src-main/services/ports.js';
import { balpAuditEvent, type AuditAction } from '../../src-main/services/store/audit-event.js';
import type { SyncEngine } from '../../src-main/sync/engine.js';
import { encounter, patient } from './support/fhir.js';
import { createResource, editResource, registerPatient } from './support/local-work.js';
import { between, pick } from './random.js';

/** The people the clinic's registrars may register: few enough that two workstations collide. */
export const PERSON_POOL = { first: 5000, size: 24 };

export interface Workplace {
  name: string;
  deviceId: string;
  /** Differs on every start of the process, so ids made after a restart never repeat. */
  incarnation: number;
  organizationId: string;
  store: LocalStore;
  engine: SyncEngine;
  /** The registrar's scheduling port (src-main/services/store/desk.ts), as the UI calls it. */
  desk: DeskSchedulePort;
  random: () => number;
  now: () => Date;
  /** Patients this workstation has heard of (seeded, registered here, or pulled). */
  patients: Set<string>;
  slotIds: string[];
  /** Patients of another clinic, not in the scope until they visit here. */
  visitors: string[];
  otherOrganizationId: string;
  counter: number;
}

export type ActionName = 'register' | 'edit' | 'encounter' | 'book' | 'cancel' | 'reschedule' | 'walk-in' | 'walk-in-step' | 'open-chart' | 'search' | 'resolve' | 'visit' | 'transfer';
const WEIGHTS: [ActionName, number][] = [
  ['register', 3], ['edit', 3], ['encounter', 2], ['book', 4], ['cancel', 1], ['reschedule', 2], ['walk-in', 1], ['walk-in-step', 2], ['open-chart', 2], ['search', 1], ['resolve', 1], ['visit', 1], ['transfer', 1],
];
/** What may become of a walk-in in the queue: called in, seen, or left. */
const WALK_IN_STEPS: Record<string, readonly ('call' | 'done' | 'left')[]> = { arrived: ['call', 'done', 'left'], 'checked-in': ['done'] };

export interface Done {
  action: ActionName;
  /** The AuditEvent recorded locally, for a chart opening or a search. */
  auditEventId?: string;
}

/** One random piece of a person's work at the workstation: saved locally at once, queued for Central. */
export async function randomAction(w: Workplace): Promise<Done | null> {
  const action = weighted(w.random);
  let auditEventId: string | undefined;
  const id = (kind: string) => `${w.name}-${kind}${w.incarnation}-${++w.counter}`;
  const known = () => [...w.patients].filter((p) => (w.store.resources.versionOf('Patient', p) ?? 0) > 0).sort();
  switch (action) {
    case 'register': {
      const pid = id('p');
      registerPatient(w.store, patient(pid, PERSON_POOL.first + between(w.random, 0, PERSON_POOL.size - 1), w.organizationId), w.now(), { userId: `${w.name}-registrar` });
      w.patients.add(pid);
      break;
    }
    case 'edit': {
      const target = pick(w.random, known());
      if (!target) return null;
      const phone = `+37529${between(w.random, 1000000, 9999999)}`;
      editResource<Patient & { id: string }>(w.store, 'Patient', target, (p) => ({ ...p, telecom: [{ system: 'phone', value: phone }] }), w.now(), { userId: `${w.name}-registrar` });
      break;
    }
    case 'encounter': {
      const target = pick(w.random, known());
      if (!target) return null;
      createResource(w.store, encounter(id('e'), target, w.organizationId, w.now()), w.now(), { userId: `${w.name}-doctor` });
      break;
    }
    case 'book': {
      const target = pick(w.random, known());
      const slot = pick(w.random, freeSlots(w));
      if (!target || !slot) return null;
      if (!desk(() => w.desk.book({ slotId: slot, patientId: target, appointmentId: id('a') }, registrar(w)))) return null;
      break;
    }
    case 'visit': {
      // Someone from another clinic seen here (their record opened on demand): they enter the
      // scope of the clinic's workstations ("seen recently") and arrive with their whole history.
      const visitor = pick(w.random, w.visitors);
      if (!visitor) return null;
      createResource(w.store, encounter(id('e'), visitor, w.organizationId, w.now()), w.now(), { userId: `${w.name}-doctor` });
      w.patients.add(visitor);
      break;
    }
    case 'transfer': {
      // Moves to another clinic: unless seen or booked here lately, they leave the scope.
      const target = pick(w.random, known());
      if (!target) return null;
      editResource<Patient & { id: string }>(w.store, 'Patient', target, (p) => ({ ...p, managingOrganization: { reference: `Organization/${w.otherOrganizationId}` } }), w.now(), { userId: `${w.name}-registrar` });
      break;
    }
    case 'cancel':
    case 'reschedule': {
      // The clinic cancels or moves a booking it holds, whoever made it (a registrar here or elsewhere, the patient).
      const target = pick(w.random, bookedHere(w));
      if (!target) return null;
      const user = registrar(w);
      if (action === 'cancel' && !desk(() => w.desk.cancel({ appointmentId: target, reason: 'Врач на больничном' }, user))) return null;
      const slot = pick(w.random, freeSlots(w));
      if (action === 'reschedule' && (!slot || !desk(() => w.desk.reschedule({ appointmentId: target, slotId: slot, reason: 'Просьба пациента' }, user)))) return null;
      break;
    }
    case 'walk-in': {
      // A patient of the clinic came without a booking; any desk of the clinic may call them in.
      const target = pick(w.random, known());
      if (!target) return null;
      if (!desk(() => w.desk.addWalkIn({ patientId: target, ...(w.random() < 0.5 ? { note: 'Справка' } : {}) }, registrar(w)))) return null;
      break;
    }
    case 'walk-in-step': {
      const waiting = w.desk.walkIns(localDateOf(w.now(), DEFAULT_TIME_ZONE)).filter((e) => WALK_IN_STEPS[e.status]);
      const entry = pick(w.random, waiting);
      if (!entry) return null;
      const step = pick(w.random, WALK_IN_STEPS[entry.status]!)!;
      if (!desk(() => w.desk.walkInAction({ appointmentId: entry.appointmentId, action: step }, registrar(w)))) return null;
      break;
    }
    case 'open-chart':
    case 'search': {
      // Recorded locally at once, as the workstation's services do (src-main/services/store/audit.ts).
      const target = pick(w.random, known());
      if (action === 'open-chart' && !target) return null;
      const event = action === 'search' ? record(w, 'search', { query: `Иван ${between(w.random, 1, 99)}` }) : record(w, 'read', { patientId: target! });
      auditEventId = event;
      break;
    }
    case 'resolve': {
      const item = pick(w.random, w.engine.inbox());
      if (!item) return null;
      const choice = item.kind === 'conflict' ? (pick(w.random, ['keep-local', 'keep-central', 'dismiss'] as const) ?? 'dismiss') : 'dismiss';
      await w.engine.resolve(item.id, choice);
      break;
    }
  }
  w.engine.nudge();
  return auditEventId ? { action, auditEventId } : { action };
}

const registrar = (w: Workplace): StaffUser => ({ id: `${w.name}-registrar`, username: `${w.name}-registrar`, displayName: `Регистратор ${w.name}`, role: 'registrar' });

/** Runs a desk command; false when the desk refused it at once (the slot is taken as far as it knows). */
function desk(command: () => unknown): boolean {
  try {
    command();
    return true;
  } catch (error) {
    if (error instanceof ServiceError) return false;
    throw error;
  }
}

/** The clinic's slots this workstation shows free. */
function freeSlots(w: Workplace): string[] {
  return w.slotIds.filter((slot) => w.store.resources.get<Slot>('Slot', slot)?.status === 'free');
}

function bookedHere(w: Workplace): string[] {
  return w.store.appointments
    .startingBetween('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z')
    .filter((a): a is Appointment & { id: string } => a.status === 'booked' && w.slotIds.includes(a.slot?.[0]?.reference?.slice(5) ?? ''))
    .map((a) => a.id)
    .sort();
}

function record(w: Workplace, action: AuditAction, about: { patientId?: string; query?: string }): string {
  const context = { userId: `${w.name}-doctor`, userDisplay: `Доктор ${w.name}`, organizationId: w.organizationId, deviceId: w.deviceId, deviceDisplay: `Рабочее место ${w.name}` };
  const event = balpAuditEvent(context, { action, ...about }, w.now());
  w.store.audit.record(event);
  return event.id;
}

function weighted(random: () => number): ActionName {
  const total = WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
  let draw = random() * total;
  for (const [name, weight] of WEIGHTS) {
    draw -= weight;
    if (draw < 0) return name;
  }
  return 'edit';
}
