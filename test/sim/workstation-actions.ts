import type { Patient, Slot } from '@medplum/fhirtypes';
import type { LocalStore } from '../../src-main/db/local-store.js';
import type { SyncEngine } from '../../src-main/sync/engine.js';
import { encounter, patient } from './support/fhir.js';
import { bookSlot, chartOpened, createResource, editResource, registerPatient } from './support/local-work.js';
import { between, pick } from './random.js';

/** The people the clinic's registrars may register: few enough that two workstations collide. */
export const PERSON_POOL = { first: 5000, size: 24 };

export interface Workplace {
  name: string;
  /** Differs on every start of the process, so ids made after a restart never repeat. */
  incarnation: number;
  organizationId: string;
  store: LocalStore;
  engine: SyncEngine;
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

export type ActionName = 'register' | 'edit' | 'encounter' | 'book' | 'audit' | 'resolve' | 'visit' | 'transfer';
const WEIGHTS: [ActionName, number][] = [['register', 3], ['edit', 4], ['encounter', 3], ['book', 3], ['audit', 2], ['resolve', 1], ['visit', 1], ['transfer', 1]];

/** One random piece of a person's work at the workstation: saved locally at once, queued for Central. */
export async function randomAction(w: Workplace): Promise<ActionName | null> {
  const action = weighted(w.random);
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
      const free = w.slotIds.filter((slot) => w.store.resources.get<Slot>('Slot', slot)?.status === 'free');
      const slot = pick(w.random, free);
      if (!target || !slot) return null;
      bookSlot(w.store, slot, id('a'), target, w.now());
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
    case 'audit': {
      const target = pick(w.random, known());
      if (!target) return null;
      w.store.audit.record(chartOpened(id('audit'), target, `${w.name}-doctor`, w.organizationId, w.now()));
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
  return action;
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
