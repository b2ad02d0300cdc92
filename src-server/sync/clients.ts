import { forbidden } from '../../shared/fhir/outcomes.js';
import type { Queryable } from '../db/database.js';

export interface SyncClientRow {
  clientId: string;
  organizationId: string;
  lastMutationId: number;
  scopeGeneration: number;
}

/**
 * The sync client's row, created on first contact and locked for the rest of `tx`: pushes and
 * pulls of one client are serialised, so two copies of one push cannot both apply mutation n.
 */
export async function lockClient(tx: Queryable, clientId: string, organizationId: string, now: Date): Promise<SyncClientRow> {
  await tx.query(`INSERT INTO sync_client (client_id, organization_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (client_id) DO NOTHING`, [clientId, organizationId, now.toISOString()]);
  const { rows } = await tx.query<{ organization_id: string; last_mutation_id: number | string; scope_generation: number | string }>(
    `SELECT organization_id, last_mutation_id, scope_generation FROM sync_client WHERE client_id = $1 FOR UPDATE`,
    [clientId],
  );
  const row = rows[0]!;
  // A workstation moved to another clinic is re-enrolled with a new id; its old scope is not reused.
  if (row.organization_id !== organizationId) throw forbidden('This sync client belongs to another organisation');
  return { clientId, organizationId, lastMutationId: Number(row.last_mutation_id), scopeGeneration: Number(row.scope_generation) };
}

/** How often a round's pages note the client's last pull: each page writing it made every page wait for a commit. */
export const ROUND_PULL_NOTED_EVERY_MS = 30_000;

/**
 * A page of a round under way: the scope is not refreshed, so nothing needs the client's lock.
 * Checks the client's organisation, and notes the pull if the last one noted is older than
 * ROUND_PULL_NOTED_EVERY_MS; one statement, and most pages write nothing.
 */
export async function noteRoundPull(q: Queryable, clientId: string, organizationId: string, now: Date): Promise<void> {
  const { rows } = await q.query<{ organization_id: string }>(
    `WITH noted AS (
       UPDATE sync_client SET last_pull_at = $2 WHERE client_id = $1 AND (last_pull_at IS NULL OR last_pull_at < $3) RETURNING 1
     )
     SELECT organization_id FROM sync_client WHERE client_id = $1`,
    [clientId, now.toISOString(), new Date(now.getTime() - ROUND_PULL_NOTED_EVERY_MS).toISOString()],
  );
  if (rows.length === 0) throw forbidden('This sync client has not pulled before; start without a cursor');
  if (rows[0]!.organization_id !== organizationId) throw forbidden('This sync client belongs to another organisation');
}

