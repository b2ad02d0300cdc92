import type { AuditEvent, Patient, Resource, Slot } from '@medplum/fhirtypes';
import { generateDatabaseKey, type DatabaseKey } from '../../../src-main/keys/database-key.js';
import { LocalStore } from '../../../src-main/db/local-store.js';
import type { MutationAuthor } from '../../../src-main/db/outbox.js';
import { appointment, type WithId } from './fhir.js';

/**
 * What the workstation's services do when a person works (src-main/services wires the same two
 * steps): write the local copy at once and queue the mutation, in ONE SQLite transaction, so a
 * crash leaves both or neither. Tests and the simulation's workstations use these.
 */
export function openStore(path: string, key: DatabaseKey = generateDatabaseKey()): { store: LocalStore; key: DatabaseKey } {
  return { store: LocalStore.open(path, key), key };
}

export function registerPatient(store: LocalStore, patient: WithId<Patient>, now: Date, author?: MutationAuthor): number {
  return store.transaction(() => {
    store.resources.writeLocal(patient);
    return store.outbox.enqueue('create', { resource: patient }, null, now, author ?? null);
  });
}

/** An edit of what the replica holds, with the held version as base. */
export function editResource<T extends Resource & { id: string }>(store: LocalStore, type: T['resourceType'], id: string, change: (current: T) => T, now: Date, author?: MutationAuthor): number | null {
  return store.transaction(() => {
    const current = store.resources.get<T>(type, id);
    if (!current) return null;
    const base = store.resources.versionOf(type, id) ?? 0;
    const edited = change(structuredClone(current));
    store.resources.writeLocal(edited);
    return store.outbox.enqueue('update', { resource: edited }, base > 0 ? base : null, now, author ?? null);
  });
}

export function createResource(store: LocalStore, resource: Resource & { id: string }, now: Date, author?: MutationAuthor): number {
  return store.transaction(() => {
    store.resources.writeLocal(resource);
    return store.outbox.enqueue('create', { resource }, null, now, author ?? null);
  });
}

/** Books a free slot locally (shown as busy at once) and queues the `book` command. */
export function bookSlot(store: LocalStore, slotId: string, appointmentId: string, patientId: string, now: Date): number | null {
  return store.transaction(() => {
    const slot = store.resources.get<Slot & { id: string }>('Slot', slotId);
    if (!slot || slot.status !== 'free') return null;
    const booking = appointment(appointmentId, slot, patientId);
    store.resources.writeLocal({ ...slot, status: 'busy' });
    store.resources.writeLocal(booking);
    return store.outbox.enqueue('book', { slotId, appointment: booking }, null, now);
  });
}

/** A chart opening as the workstation records it (IHE BALP shape), to be synchronised. */
export function chartOpened(id: string, patientId: string, userId: string, organizationId: string, at: Date): AuditEvent & { id: string } {
  return {
    resourceType: 'AuditEvent',
    id,
    type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
    subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read' }],
    action: 'R',
    recorded: at.toISOString(),
    outcome: '0',
    agent: [{ who: { identifier: { value: userId } }, requestor: true, location: { reference: `Organization/${organizationId}` } }],
    source: { observer: { display: 'workstation' } },
    entity: [{ what: { reference: `Patient/${patientId}` } }],
  };
}
