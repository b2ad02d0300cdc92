import type { HumanName, Patient, Resource } from '@medplum/fhirtypes';
import type { InboxItem, VersionField } from '../../shared/api/sync.js';
import { refusalCodeOf, refusalWords } from '../../shared/fhir/refusal-codes.js';
import { patientIdOf } from '../db/compartment.js';
import type { InboxItem as StoredInboxItem } from '../db/inbox.js';
import type { LocalStore } from '../db/local-store.js';
import type { WireMutation } from './refusals.js';

const MAX_FIELDS = 200;
/** Bookkeeping, not what a person compares. */
const SKIPPED = new Set(['meta', 'text', 'id', 'resourceType']);

/** An inbox item as the UI shows it: Central's reason, and the two versions field by field. */
export function presentInboxItem(store: LocalStore, item: StoredInboxItem): InboxItem {
  const mutation = item.local as WireMutation;
  const target = targetOf(mutation);
  const server = (item.server ?? null) as Resource | null;
  const patientId = (target.resource && patientIdOf(target.resource)) || (server && patientIdOf(server)) || null;
  return {
    id: String(item.id),
    kind: item.kind,
    createdAt: item.createdAt,
    resourceType: target.resourceType,
    resourceId: target.id,
    patient: patientId ? { id: patientId, name: patientName(store, patientId, target.resource) } : null,
    reason: refusalWords(item.outcome) || 'Refused by Central',
    reasonCode: refusalCodeOf(item.outcome) ?? null,
    local: target.resource ? fieldsOf(target.resource) : [{ path: mutation.kind, value: JSON.stringify(mutation.args).slice(0, 500) }],
    central: server ? fieldsOf(server) : null,
  };
}

/** Leaf values with their paths (`name[0].family`), in document order. */
export function fieldsOf(resource: object): VersionField[] {
  const fields: VersionField[] = [];
  const walk = (value: unknown, path: string): void => {
    if (fields.length >= MAX_FIELDS) return;
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${path}[${index}]`));
    else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) if (path || !SKIPPED.has(key)) walk(child, path ? `${path}.${key}` : key);
    } else if (value !== undefined && value !== null) fields.push({ path, value: String(value) });
  };
  walk(resource, '');
  return fields;
}

function targetOf(mutation: WireMutation): { resourceType: string; id: string | null; resource?: Resource } {
  const args = (mutation.args ?? {}) as { resource?: Resource; appointment?: Resource; event?: Resource; resourceType?: string; id?: string; appointmentId?: string };
  const resource = args.resource ?? args.appointment ?? args.event;
  if (resource) return { resourceType: resource.resourceType, id: resource.id ?? null, resource };
  if (mutation.kind === 'cancel') return { resourceType: 'Appointment', id: args.appointmentId ?? null };
  return { resourceType: args.resourceType ?? 'unknown', id: args.id ?? null };
}

/** From the replica, or from the refused registration itself (which the replica no longer has). */
function patientName(store: LocalStore, patientId: string, refused: Resource | undefined): string {
  const patient = store.resources.get<Patient>('Patient', patientId) ?? (refused?.resourceType === 'Patient' ? refused : undefined);
  const name: HumanName | undefined = patient?.name?.[0];
  const text = name ? [name.family, ...(name.given ?? [])].filter(Boolean).join(' ') : '';
  return text || `Patient/${patientId}`;
}
