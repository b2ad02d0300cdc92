import type { Resource } from '@medplum/fhirtypes';
import { isOperationOutcomeError, type OperationOutcomeError } from '../../shared/fhir/outcomes.js';
import type { Mutation, MutationResult, PushResponse } from '../../shared/sync/protocol.js';
import { PROTOCOL_VERSION } from '../../shared/sync/version.js';
import type { Database, Queryable } from '../db/database.js';
import { applyMutation, RejectedWith } from './mutations.js';
import type { SyncCaller } from './access.js';
import { lockClient } from './clients.js';
import { noteHeldByClient } from './held-by-client.js';
import { checkAuthority } from './push-authority.js';
import { checkPushReach } from './push-reach.js';

type Step = { kind: 'done'; result: MutationResult } | { kind: 'gap' };

/** A mutation as received: parsed, or refused by the protocol schema (a bad kind, a missing field). */
export type IncomingMutation = { mutationId: number; mutation: Mutation } | { mutationId: number; malformed: OperationOutcomeError };

/**
 * Applies a client's mutations in order, each in ONE transaction together with the client's last
 * applied mutation id and the result given. So:
 * - a mutation at or below that id (a retry whose response was lost, a duplicated push) is answered
 *   with the stored result and not applied again;
 * - a mutation past the next expected id (pushes reordered by the network) is not looked at: the
 *   response's lastMutationId tells the sender where to resume;
 * - a permanent refusal (malformed, invalid, stale, forbidden, slot taken) is stored as a
 *   `rejected` result and still advances the id;
 * - anything else (database down, a bug) throws and becomes a 5xx: nothing of that mutation was
 *   committed, so the client retries later.
 */
export async function applyPush(db: Database, caller: SyncCaller, clientId: string, mutations: readonly IncomingMutation[], now: () => Date): Promise<PushResponse> {
  const results: MutationResult[] = [];
  for (const incoming of mutations) {
    const step = await applyOne(db, caller, clientId, incoming, now());
    if (step.kind === 'gap') break;
    results.push(step.result);
  }
  const { rows } = await db.query<{ last_mutation_id: number | string }>(`SELECT last_mutation_id FROM sync_client WHERE client_id = $1`, [clientId]);
  return { protocolVersion: PROTOCOL_VERSION, clientId, lastMutationId: Number(rows[0]?.last_mutation_id ?? 0), results };
}

async function applyOne(db: Database, caller: SyncCaller, clientId: string, incoming: IncomingMutation, now: Date): Promise<Step> {
  const { mutationId } = incoming;
  try {
    return await db.transaction(async (tx) => {
      const earlier = await answeredBefore(tx, clientId, caller.organizationId, mutationId, now);
      if (earlier) return earlier;
      if ('malformed' in incoming) throw incoming.malformed;
      checkAuthority(caller, incoming.mutation);
      await checkPushReach(tx, caller, incoming.mutation, now);
      const result = await applyMutation(tx, incoming.mutation, now, caller);
      await noteHeldByClient(tx, clientId, incoming.mutation);
      await remember(tx, clientId, result, now);
      return { kind: 'done', result } satisfies Step;
    });
  } catch (error) {
    const refusal = permanentRefusal(error);
    if (!refusal) throw error;
    // The effect was rolled back; the refusal is recorded on its own, advancing the id all the same.
    return db.transaction(async (tx) => {
      const earlier = await answeredBefore(tx, clientId, caller.organizationId, mutationId, now);
      if (earlier) return earlier;
      const current = refusal.current ?? ('mutation' in incoming ? await currentVersionOf(tx, incoming.mutation) : undefined);
      const result: MutationResult = { mutationId, status: 'rejected', outcome: refusal.error.outcome, ...(current ? { current: current as Resource & { id: string } } : {}) };
      // The client puts the version shown back into its replica (or drops what it made here, which Central lacks).
      if (current && 'mutation' in incoming) await noteHeldByClient(tx, clientId, incoming.mutation);
      await remember(tx, clientId, result, now);
      return { kind: 'done', result } satisfies Step;
    });
  }
}

/** Locks the client's row; answers from the stored result when this id was handled already. */
async function answeredBefore(tx: Queryable, clientId: string, organizationId: string, mutationId: number, now: Date): Promise<Step | undefined> {
  const client = await lockClient(tx, clientId, organizationId, now);
  if (mutationId > client.lastMutationId + 1) return { kind: 'gap' };
  if (mutationId === client.lastMutationId + 1) return undefined;
  const { rows } = await tx.query<{ result: MutationResult | string }>(`SELECT result FROM sync_mutation_result WHERE client_id = $1 AND mutation_id = $2`, [clientId, mutationId]);
  const stored = rows[0]?.result;
  if (!stored) {
    // Results are kept for months; an id this old was pruned, and it was certainly applied.
    return { kind: 'done', result: { mutationId, status: 'applied' } };
  }
  return { kind: 'done', result: typeof stored === 'string' ? (JSON.parse(stored) as MutationResult) : stored };
}

async function remember(tx: Queryable, clientId: string, result: MutationResult, now: Date): Promise<void> {
  // The applied resource itself is not stored: the pull brings it; the answer needs only its version.
  const kept = result.status === 'applied' && result.resource ? { ...result, resource: { resourceType: result.resource.resourceType, id: result.resource.id, meta: result.resource.meta } } : result;
  await tx.query(`INSERT INTO sync_mutation_result (client_id, mutation_id, result, recorded_at) VALUES ($1, $2, $3, $4)`, [clientId, result.mutationId, JSON.stringify(kept), now.toISOString()]);
  await tx.query(`UPDATE sync_client SET last_mutation_id = $2, last_push_at = $3 WHERE client_id = $1`, [clientId, result.mutationId, now.toISOString()]);
}

function permanentRefusal(error: unknown): { error: OperationOutcomeError; current?: Resource | undefined } | undefined {
  if (error instanceof RejectedWith) return { error: error.error, current: error.current };
  if (isOperationOutcomeError(error) && error.status >= 400 && error.status < 500 && error.status !== 429) return { error };
  return undefined;
}

async function currentVersionOf(tx: Queryable, mutation: Mutation): Promise<Resource | undefined> {
  const ref =
    mutation.kind === 'update' || mutation.kind === 'create' ? { type: mutation.args.resource.resourceType, id: mutation.args.resource.id }
    : mutation.kind === 'delete' ? { type: mutation.args.resourceType, id: mutation.args.id }
    : mutation.kind === 'cancel' || mutation.kind === 'reschedule' || mutation.kind === 'walk-in' ? { type: 'Appointment', id: mutation.args.appointmentId }
    : mutation.kind === 'book' ? { type: 'Slot', id: mutation.args.slotId }
    : undefined;
  if (!ref) return undefined;
  const { rows } = await tx.query<{ content: Resource | string }>(`SELECT content FROM resource WHERE resource_type = $1 AND id = $2 AND NOT deleted`, [ref.type, ref.id]);
  const content = rows[0]?.content;
  return typeof content === 'string' ? (JSON.parse(content) as Resource) : content;
}
