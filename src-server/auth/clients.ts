import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import { hashSecret, newSecret, secretMatches } from './passwords.js';
import type { Principal } from './principal.js';

/** An institution's system (a laboratory, a hospital information system) that sends its records. */
export interface InstitutionClient {
  clientId: string;
  organizationId: string;
  display: string;
  revoked: boolean;
}

/** Registers a client; the secret is returned this once and only its hash is kept. */
export async function registerClient(
  db: Queryable,
  input: { organizationId: string; display: string; clientId?: string | undefined },
  now = new Date(),
): Promise<InstitutionClient & { clientSecret: string }> {
  const clientId = input.clientId ?? `client-${randomUUID()}`;
  const clientSecret = newSecret();
  await db.query(`INSERT INTO institution_client (client_id, secret_hash, organization_id, display, created_at) VALUES ($1, $2, $3, $4, $5)`, [
    clientId,
    hashSecret(clientSecret),
    input.organizationId,
    input.display,
    now.toISOString(),
  ]);
  return { clientId, clientSecret, organizationId: input.organizationId, display: input.display, revoked: false };
}

/** The client when the id and secret match and it is not revoked; otherwise undefined. */
export async function authenticateClient(db: Queryable, clientId: string, clientSecret: string): Promise<InstitutionClient | undefined> {
  const { rows } = await db.query<{ client_id: string; secret_hash: string; organization_id: string; display: string; revoked_at: Date | null }>(
    `SELECT client_id, secret_hash, organization_id, display, revoked_at FROM institution_client WHERE client_id = $1`,
    [clientId],
  );
  const row = rows[0];
  // Hash anyway when the client is unknown, so both refusals cost the same.
  const matches = secretMatches(clientSecret, row?.secret_hash ?? hashSecret(newSecret()));
  if (!row || !matches || row.revoked_at) return undefined;
  return { clientId: row.client_id, organizationId: row.organization_id, display: row.display, revoked: false };
}

/** Issues a new secret for a client (the old one stops working); undefined when there is no such client. */
export async function rotateClientSecret(db: Queryable, clientId: string): Promise<string | undefined> {
  const clientSecret = newSecret();
  const { rowCount } = await db.query(`UPDATE institution_client SET secret_hash = $2 WHERE client_id = $1`, [clientId, hashSecret(clientSecret)]);
  return rowCount > 0 ? clientSecret : undefined;
}

export async function revokeClient(db: Queryable, clientId: string, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE institution_client SET revoked_at = COALESCE(revoked_at, $2) WHERE client_id = $1`, [clientId, now.toISOString()]);
  return rowCount > 0;
}

export function clientPrincipalOf(client: InstitutionClient): Principal {
  return { kind: 'client', subject: client.clientId, display: client.display, roles: ['institution'], organizationId: client.organizationId };
}
