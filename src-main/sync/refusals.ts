import type { Resource } from '@medplum/fhirtypes';
import { mutationTargets } from '../../shared/sync/mutation-targets.js';
import { mutationSchema, type Mutation, type MutationResult } from '../../shared/sync/protocol.js';
import type { LocalStore } from '../db/local-store.js';

type Rejected = Extract<MutationResult, { status: 'rejected' }>;

/** An outbox row as sent: what the local code queued, not necessarily a well-formed mutation. */
export interface WireMutation {
  mutationId: number;
  kind: string;
  args: unknown;
  baseVersion?: number;
  madeAt?: string;
  author?: { userId: string; practitionerId?: string; display?: string };
}

/**
 * Files a refusal from Central: an inbox item a person sees (with what this workstation tried and
 * Central's current version), and the replica put back to what Central holds, so that every
 * workstation shows the same record. Call inside the transaction that marks the outbox row.
 */
export function fileRefusal(store: LocalStore, wire: WireMutation, result: Rejected, now: Date): void {
  const parsed = mutationSchema.safeParse(wire);
  const mutation = parsed.success ? parsed.data : undefined;
  const kind = mutation && isConflict(mutation, result) ? 'conflict' : 'rejected';
  store.inbox.add({ mutationId: wire.mutationId, kind, outcome: result.outcome, local: wire, server: result.current }, now);
  for (const target of mutation ? mutationTargets(mutation) : []) {
    const current = result.current?.resourceType === target.resourceType && result.current.id === target.id ? result.current : undefined;
    if (current) showCentralVersion(store, current);
    // Made here, refused, so it exists nowhere else: it goes (the inbox keeps what was typed).
    else if (store.resources.versionOf(target.resourceType, target.id) === 0) store.resources.remove(target.resourceType, target.id);
  }
}

/**
 * A stale edit of an editable resource: Central has moved on from the version the person edited.
 * It is shown side by side and resolved by a person; any other refusal can only be acknowledged.
 */
export function isConflict(mutation: Mutation, result: Rejected): boolean {
  if (mutation.kind !== 'update' && mutation.kind !== 'delete') return false;
  if (mutation.baseVersion === undefined || !result.current) return false;
  return result.outcome.issue?.some((issue) => issue.code === 'conflict') === true && versionOf(result.current) !== mutation.baseVersion;
}

/** Writes Central's version over a local one unless the replica already holds a newer one. */
export function showCentralVersion(store: LocalStore, current: Resource): void {
  if (!current.id) return;
  const held = store.resources.versionOf(current.resourceType, current.id);
  if (held === undefined || versionOf(current) >= held) store.resources.writeLocal(current);
}

export function versionOf(resource: Resource): number {
  const version = Number(resource.meta?.versionId ?? 0);
  return Number.isInteger(version) ? version : 0;
}
