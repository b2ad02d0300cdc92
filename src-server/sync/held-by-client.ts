import { mutationTargets } from '../../shared/sync/mutation-targets.js';
import type { Mutation } from '../../shared/sync/protocol.js';
import type { Queryable } from '../db/database.js';

/**
 * `left_gen` of a scope row for something a client holds without Central having put it into its
 * scope: the client wrote it itself (registered a patient, wrote into a record), or was shown
 * Central's version with a refusal. Such a row is no member (left_gen is not NULL) and never
 * announced by itself (no generation is 0); the client's next scope refresh settles it: taken in
 * as entering (sent whole) when the scope wants it, announced as left otherwise.
 *
 * Without it a client could keep a record for good: a workstation registers a patient, the answer
 * or the round that brings them is lost, another workstation moves them to another clinic before
 * this one pulls again, and Central never knew this client had them to tell it to let go.
 */
export const HELD_OUTSIDE_SCOPE = 0;

/**
 * Marks what a mutation wrote (or the refusal showed) as held by the client, in the mutation's
 * transaction, unless it is a member already. Patient-compartment resources stand as their patient,
 * as scope rows do.
 */
export async function noteHeldByClient(tx: Queryable, clientId: string, mutation: Mutation): Promise<void> {
  // A deletion leaves a tombstone, not a record to let go of.
  const targets = mutation.kind === 'delete' ? [] : mutationTargets(mutation);
  if (targets.length === 0) return;
  await tx.query(
    `INSERT INTO sync_scope_member (client_id, resource_type, id, entered_gen, left_gen)
     SELECT DISTINCT $1::text, CASE WHEN r.patient_id IS NULL THEN r.resource_type ELSE 'Patient' END, COALESCE(r.patient_id, r.id), ${HELD_OUTSIDE_SCOPE}, ${HELD_OUTSIDE_SCOPE}
     FROM resource r JOIN unnest($2::text[], $3::text[]) AS k(resource_type, id) USING (resource_type, id)
     WHERE NOT r.deleted
     ON CONFLICT (client_id, resource_type, id) DO UPDATE SET entered_gen = EXCLUDED.entered_gen, left_gen = EXCLUDED.left_gen
     WHERE sync_scope_member.left_gen IS NOT NULL`,
    [clientId, targets.map((t) => t.resourceType), targets.map((t) => t.id)],
  );
}
