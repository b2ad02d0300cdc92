import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Resource } from '@medplum/fhirtypes';
import { CLINICAL_TYPES, type Action } from '../../shared/domain/access.js';
import { forbidden, withRefusalCode } from '../../shared/fhir/outcomes.js';
import { originOf, requirePrincipal } from '../auth/authenticate.js';
import { authorize } from '../auth/access.js';
import { breakGlassReason, HOW_TO_BREAK_GLASS, outsideScopeText, patientsOutsideScope, scopeRuleOf } from '../auth/clinic-scope.js';
import type { Principal } from '../auth/principal.js';
import { auditRows, insertAuditRows, type AuditedInteraction, type AuditRow } from '../audit/audit.js';
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
  /**
   * The answer holds clinical data of these patients: a staff member needs them in scope. False
   * for a version the caller wrote itself and may read back without (auth/own-writes.ts).
   */
  clinical?: boolean | undefined;
  /** Patients opened outside the clinic's scope, and the reason stated for it. */
  breakGlass?: BreakGlass | undefined;
  outcome?: 'success' | 'failure' | undefined;
}

export interface BreakGlass {
  reason: string;
  patientIds: readonly string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** What to record, as a failure, if this request ends in an error (see recordFailedAccess). */
    auditOnFailure?: AuditFacts | undefined;
  }
}

export const isClinicalType = (type: string): boolean => (CLINICAL_TYPES as readonly string[]).includes(type);

/**
 * A clinic reaches the full record only of patients in its scope, an institution's system only of
 * patients related to it (auth/clinic-scope.ts, shared/domain/access.ts CLINICAL_REACH). When a
 * caller's answer would hold clinical data of anyone else, or (purpose `write`) the caller writes
 * clinical data of anyone else, they must have stated a reason (break-the-glass): then the
 * patients outside are returned for the audit record to flag; without one, the refusal names how
 * to state it and is itself recorded (as a failure, for those patients) by recordFailedAccess.
 * Patients are narrowed to their own compartment elsewhere (restrictionOf).
 */
export async function requireClinicScope(
  ctx: CentralContext,
  q: Queryable,
  request: FastifyRequest,
  principal: Principal,
  patientIds: readonly (string | undefined)[],
  failure: Omit<AuditFacts, 'patientIds'>,
  purpose: 'read' | 'write' = 'read',
): Promise<BreakGlass | undefined> {
  const rule = scopeRuleOf(principal);
  if (!rule) return undefined;
  const ids = patientIds.filter((id): id is string => typeof id === 'string');
  if (ids.length === 0) return undefined;
  const reason = breakGlassReason(request);
  const outside = await patientsOutsideScope(q, principal.organizationId, ids, ctx.now(), rule);
  if (outside.length === 0) return undefined;
  if (reason) return { reason, patientIds: outside };
  request.auditOnFailure = { ...failure, patientIds: outside, clinical: false, breakGlass: undefined };
  throw withRefusalCode(forbidden(`${outsideScopeText(rule, outside, new Set(ids).size, purpose)} ${HOW_TO_BREAK_GLASS}`), 'outside-scope');
}

/**
 * The audit trail of a read, search or history: one statement whose commit does not wait for the
 * WAL flush (PostgreSQL synchronous_commit off, for that statement's own transaction only; see
 * audit/audit.ts insertAuditRows). A disk flush costs more than the read itself (5-12 ms on our
 * build machines), and a read changes no record, so its audit event may be lost only to a power
 * failure in the fraction of a second before PostgreSQL's WAL writer flushes it
 * (wal_writer_delay); it is never half-written. Writes keep their audit in their own, fully
 * synchronous transaction.
 */
export async function auditAccess(ctx: CentralContext, request: FastifyRequest, principal: Principal, facts: AuditFacts): Promise<void> {
  if (!facts.patientIds.some((id) => typeof id === 'string')) return;
  if (facts.clinical && !facts.breakGlass) facts = { ...facts, breakGlass: await requireClinicScope(ctx, ctx.db, request, principal, facts.patientIds, facts) };
  await insertAuditRows(ctx.db, auditTrail(ctx, request, principal, facts), { flush: false });
}

/**
 * Writes the audit trail of one interaction in `q` (the writing transaction): one AuditEvent per
 * patient, those opened by breaking the glass with the reason as their purpose of use.
 */
export async function audit(ctx: CentralContext, q: Queryable, request: FastifyRequest, principal: Principal, facts: AuditFacts): Promise<void> {
  await insertAuditRows(q, auditTrail(ctx, request, principal, facts));
}

function auditTrail(ctx: CentralContext, request: FastifyRequest, principal: Principal, facts: AuditFacts): AuditRow[] {
  const patientIds = [...new Set(facts.patientIds.filter((id): id is string => typeof id === 'string'))];
  const glass = new Set(facts.breakGlass?.patientIds ?? []);
  const base = { principal, origin: originOf(request), interaction: facts.interaction, resourceType: facts.resourceType, resourceId: facts.resourceId, query: facts.query, outcome: facts.outcome ?? 'success' } as const;
  const now = ctx.now();
  return [
    ...auditRows({ ...base, patientIds: patientIds.filter((id) => !glass.has(id)) }, now),
    ...(facts.breakGlass ? auditRows({ ...base, patientIds: patientIds.filter((id) => glass.has(id)), breakTheGlassReason: facts.breakGlass.reason }, now) : []),
  ];
}

/**
 * A FHIR interaction that failed after the caller was known leaves its AuditEvent too, with a
 * failure outcome, for the patients it concerned (request.auditOnFailure, set by the route before
 * the work or by a scope refusal). Runs in the onError hook, outside the rolled-back transaction.
 */
export async function recordFailedAccess(ctx: CentralContext, request: FastifyRequest): Promise<void> {
  const facts = request.auditOnFailure;
  const principal = request.principal;
  request.auditOnFailure = undefined;
  if (!facts || !principal) return;
  await audit(ctx, ctx.db, request, principal, { ...facts, outcome: 'failure' });
}

/** Answers with one version of a resource and its ETag and Last-Modified. */
export function sendVersion(reply: FastifyReply, status: number, version: { resourceType: string; id: string; versionId: number; lastUpdated: string; resource?: Resource | undefined }, options: { baseUrl: string; location?: boolean; minimal?: boolean }): FastifyReply {
  reply.status(status).type(FHIR_JSON).header('etag', etagOf(version.versionId)).header('last-modified', httpDate(version.lastUpdated));
  if (options.location) reply.header('location', locationOf(options.baseUrl, version.resourceType, version.id, version.versionId));
  if (options.minimal || !version.resource) return reply.send();
  return reply.send(version.resource);
}
