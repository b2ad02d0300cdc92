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
