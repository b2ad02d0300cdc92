import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Bundle } from '@medplum/fhirtypes';
import { forbidden, notFound, OperationOutcomeError, outcome } from '../../shared/fhir/outcomes.js';
import type { CentralContext } from '../context.js';
import { authorize } from '../auth/access.js';
import { originOf, requirePrincipal } from '../auth/authenticate.js';
import type { Principal } from '../auth/principal.js';
import { recordAudit } from '../audit/audit.js';
import { encodeCursor, findAuditEvent, parseAuditQuery, searchAudit, type AuditRow } from '../audit/search.js';
import { presentAuditEvents } from '../audit/view.js';

const FHIR_JSON = 'application/fhir+json';

/**
 * The audit trail over FHIR, read-only. A privacy officer searches the events of their own
 * organisation's staff (every organisation's when they belong to none); a patient sees who opened
 * their own record (their own cabinet views left out). Reading the trail about a patient is itself
 * audited. Nothing here, or anywhere, changes or deletes an audit record.
 */
export function registerAuditRoutes(app: FastifyInstance, ctx: CentralContext): void {
  const refuseChange = async () => {
    throw new OperationOutcomeError(405, outcome('error', 'not-supported', 'Audit records cannot be changed or deleted'));
  };
  for (const url of ['/fhir/AuditEvent', '/fhir/AuditEvent/:id', '/fhir/AuditEvent/:id/*']) {
    app.route({ method: ['POST', 'PUT', 'PATCH', 'DELETE'], url, handler: refuseChange });
  }

  app.get('/fhir/AuditEvent', async (request, reply) => {
    const principal = requirePrincipal(ctx, request);
    authorize(principal, 'search', 'AuditEvent');
    const query = parseAuditQuery(request.query as Record<string, string | string[]>);
    const scope = scopeOf(principal);
    if (scope.patient && query.patient && query.patient !== scope.patient) throw forbidden('A patient may see the audit trail of their own record only');
    const page = await searchAudit(ctx.db, query, scope);
    const patient = scope.patient ?? query.patient;
    if (patient) await audit(ctx, request, principal, 'search', undefined, patient);
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      link: [{ relation: 'self', url: pageUrl(ctx, request) }],
      entry: (await presentAuditEvents(ctx.db, page.rows, scope.patient ? 'patient' : 'officer')).map((resource) => ({
        fullUrl: `${baseUrl(ctx)}/fhir/AuditEvent/${resource.id}`,
        resource,
        search: { mode: 'match' },
      })),
    };
    const last = page.rows.at(-1);
    if (page.more && last) bundle.link!.push({ relation: 'next', url: pageUrl(ctx, request, encodeCursor(new Date(last.recorded).toISOString(), last.seq)) });
    return reply.type(FHIR_JSON).send(bundle);
  });

  app.get('/fhir/AuditEvent/:id', async (request, reply) => {
    const principal = requirePrincipal(ctx, request);
    authorize(principal, 'read', 'AuditEvent');
    const { id } = request.params as { id: string };
    const row = /^[A-Za-z0-9-]{1,64}$/.test(id) ? await findAuditEvent(ctx.db, id) : undefined;
    // Outside the caller's scope is answered exactly like absent.
    if (!row || !inScope(row, scopeOf(principal))) throw notFound(`No AuditEvent ${id.replace(/[^\w-]/g, '?').slice(0, 64)}`);
    if (row.patient_id) await audit(ctx, request, principal, 'read', row.content.id, row.patient_id);
    const [event] = await presentAuditEvents(ctx.db, [row], principal.kind === 'patient' ? 'patient' : 'officer');
    return reply.type(FHIR_JSON).send(event);
  });
}

interface AuditScope {
  agentOrg?: string | undefined;
  patient?: string | undefined;
  excludeAgent?: string | undefined;
}

function scopeOf(principal: Principal): AuditScope {
  if (principal.kind === 'patient') {
    if (!principal.patientId) throw forbidden('This patient session names no patient');
    return { patient: principal.patientId, excludeAgent: principal.subject };
  }
  return { agentOrg: principal.organizationId };
}

function inScope(row: AuditRow, scope: AuditScope): boolean {
  if (scope.patient !== undefined && row.patient_id !== scope.patient) return false;
  if (scope.excludeAgent !== undefined && row.agent_subject === scope.excludeAgent) return false;
  if (scope.agentOrg !== undefined && row.agent_org !== scope.agentOrg) return false;
  return true;
}

function audit(ctx: CentralContext, request: FastifyRequest, principal: Principal, interaction: 'read' | 'search', id: string | undefined, patientId: string) {
  const query = interaction === 'search' ? request.url.split('?')[1] : undefined;
  return recordAudit(ctx.db, { principal, origin: originOf(request), interaction, resourceType: 'AuditEvent', resourceId: id, query, patientIds: [patientId], outcome: 'success' }, ctx.now());
}

function baseUrl(ctx: CentralContext): string {
  return (ctx.config.publicBaseUrl ?? '').replace(/\/$/, '');
}

/** This search's URL with `_page` replaced: links carry the caller's own (validated) parameters. */
function pageUrl(ctx: CentralContext, request: FastifyRequest, page?: string): string {
  const params = new URLSearchParams(request.url.split('?')[1] ?? '');
  params.delete('_page');
  if (page) params.set('_page', page);
  const query = params.toString();
  return `${baseUrl(ctx)}/fhir/AuditEvent${query ? `?${query}` : ''}`;
}
