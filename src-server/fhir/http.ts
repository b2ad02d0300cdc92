import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Resource } from '@medplum/fhirtypes';
import type { Action } from '../../shared/domain/access.js';
import { originOf, requirePrincipal } from '../auth/authenticate.js';
import { authorize } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';
import { recordAudit, type AuditedInteraction } from '../audit/audit.js';
import type { Queryable } from '../db/database.js';
import type { CentralContext } from '../context.js';
import { etagOf, httpDate, locationOf } from './responses.js';

export const FHIR_JSON = 'application/fhir+json';

/** Authenticates the request and checks the role matrix; a 401/403 OperationOutcome otherwise. */
export function allow(ctx: CentralContext, request: FastifyRequest, action: Action, resourceType: string): Principal {
  const principal = requirePrincipal(ctx, request);
  authorize(principal, action, resourceType);
  return principal;
}

/** A patient in the cabinet sees their own compartment only; staff and institutions are not narrowed here. */
export function restrictionOf(principal: Principal): string[] | undefined {
  if (principal.kind !== 'patient') return undefined;
  return principal.patientId ? [principal.patientId] : [];
}

export function fhirBaseUrl(ctx: CentralContext): string {
  return `${ctx.config.publicBaseUrl ?? `http://${ctx.config.host}:${ctx.config.port}`}/fhir`;
}

export function prefersMinimal(request: FastifyRequest): boolean {
  const prefer = request.headers.prefer;
  return typeof prefer === 'string' && /return\s*=\s*minimal/.test(prefer);
}

/** The query string exactly as received (for the audit record, never rendered). */
export function rawQuery(request: FastifyRequest): string | undefined {
  const at = request.url.indexOf('?');
  return at < 0 ? undefined : request.url.slice(at + 1, at + 2001);
}

export interface AuditFacts {
  interaction: AuditedInteraction;
  resourceType: string;
  resourceId?: string | undefined;
  patientIds: readonly (string | undefined)[];
  query?: string | undefined;
}

/**
 * The audit trail of a read, search or history: committed without waiting for the WAL flush
 * (PostgreSQL synchronous_commit off, for this transaction only). A disk flush costs more than the
 * read itself (5-12 ms on our build machines), and a read changes no record, so its audit event
 * may be lost only to a power failure in the fraction of a second before PostgreSQL's WAL writer
 * flushes it (wal_writer_delay); it is never half-written. Writes keep their audit in their own,
 * fully synchronous transaction.
 */
export async function auditAccess(ctx: CentralContext, request: FastifyRequest, principal: Principal, facts: AuditFacts): Promise<void> {
  if (!facts.patientIds.some((id) => typeof id === 'string')) return;
  await ctx.db.transaction(async (tx) => {
    await tx.query('SET LOCAL synchronous_commit TO OFF');
    await audit(ctx, tx, request, principal, facts);
  });
}

/** Writes the audit trail of one interaction in `q` (the writing transaction). */
export async function audit(ctx: CentralContext, q: Queryable, request: FastifyRequest, principal: Principal, facts: AuditFacts): Promise<void> {
  const patientIds = facts.patientIds.filter((id): id is string => typeof id === 'string');
  await recordAudit(
    q,
    { principal, origin: originOf(request), interaction: facts.interaction, resourceType: facts.resourceType, resourceId: facts.resourceId, query: facts.query, patientIds, outcome: 'success' },
    ctx.now(),
  );
}

/** Answers with one version of a resource and its ETag and Last-Modified. */
export function sendVersion(reply: FastifyReply, status: number, version: { resourceType: string; id: string; versionId: number; lastUpdated: string; resource?: Resource | undefined }, options: { baseUrl: string; location?: boolean; minimal?: boolean }): FastifyReply {
  reply.status(status).type(FHIR_JSON).header('etag', etagOf(version.versionId)).header('last-modified', httpDate(version.lastUpdated));
  if (options.location) reply.header('location', locationOf(options.baseUrl, version.resourceType, version.id, version.versionId));
  if (options.minimal || !version.resource) return reply.send();
  return reply.send(version.resource);
}
