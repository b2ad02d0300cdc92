import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Bundle } from '@medplum/fhirtypes';
import { badRequest, forbidden, notFound } from '../../shared/fhir/outcomes.js';
import type { CentralContext } from '../context.js';
import { authorize } from '../auth/access.js';
import { originOf, requirePrincipal } from '../auth/authenticate.js';
import type { Principal } from '../auth/principal.js';
import { recordAudit } from '../audit/audit.js';
import { encodeCursor, findAuditEvent, parseAuditQuery, searchAudit, type AuditScope } from '../audit/search.js';
import { breakGlassAccesses, presentAuditEvents, recordAccesses } from '../audit/view.js';

const FHIR_JSON = 'application/fhir+json';
const JSON_TYPE = 'application/json';

/**
 * The audit trail over FHIR, read-only. A privacy officer searches the events of their own
 * clinic's staff and anyone's events about the patients attached to the clinic, other
 * institutions' included (every event when they belong to no organisation); a patient sees who opened
 * their own record (their own cabinet views left out). Reading the trail about a patient is itself
 * audited. Nothing here, or anywhere, changes or deletes an audit record: every write method on
 * any AuditEvent URL (conditional ones included) is a 403, for administrators too.
 *
 * Also: the privacy officer's review list of break-the-glass accesses (GET /audit/break-glass) and
 * the patient's list of who opened their record (GET /cabinet/access-log).
 */
export function registerAuditRoutes(app: FastifyInstance, ctx: CentralContext): void {
  const refuseChange = async (request: FastifyRequest) => {
    requirePrincipal(ctx, request);
    throw forbidden('Audit records cannot be created, changed or deleted through any API');
  };
  for (const url of ['/fhir/AuditEvent', '/fhir/AuditEvent/:id', '/fhir/AuditEvent/:id/*']) {
    app.route({ method: ['POST', 'PUT', 'PATCH', 'DELETE'], url, handler: refuseChange });
  }

  const search = async (request: FastifyRequest, params: Record<string, string | string[] | undefined>) => {
    const principal = requirePrincipal(ctx, request);
    authorize(principal, 'search', 'AuditEvent');
    const query = parseAuditQuery(params);
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
    return bundle;
  };
  app.get('/fhir/AuditEvent', async (request, reply) => reply.type(FHIR_JSON).send(await search(request, request.query as Record<string, string | string[]>)));
  // Loaded with the rest of the application before it listens (app.ts need not wait for it).
  void app.register(async (scope) => {
    // FHIR's POST _search, with the parameters as a form (static path: it wins over :id).
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
    scope.post('/fhir/AuditEvent/_search', async (request, reply) => {
      const body = request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? (request.body as Record<string, string>) : {};
      return reply.type(FHIR_JSON).send(await search(request, { ...(request.query as Record<string, string>), ...body }));
    });
  });

  // Audit records have one version and no history anyone may read (the role matrix grants none).
  const refuseHistory = async (request: FastifyRequest) => {
    authorize(requirePrincipal(ctx, request), 'history', 'AuditEvent');
    throw notFound('Audit records have no history');
  };
  app.get('/fhir/AuditEvent/_history', refuseHistory);
  app.get('/fhir/AuditEvent/:id/_history', refuseHistory);

  const read = async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = requirePrincipal(ctx, request);
    authorize(principal, 'read', 'AuditEvent');
    const { id, vid } = request.params as { id: string; vid?: string };
    // An audit record is written once: version 1 is the record, any other version does not exist.
    if (vid !== undefined && vid !== '1') throw notFound(`AuditEvent versions other than 1 do not exist`);
    // Outside the caller's scope is answered exactly like absent.
    const row = /^[A-Za-z0-9-]{1,64}$/.test(id) ? await findAuditEvent(ctx.db, id, scopeOf(principal)) : undefined;
    if (!row) throw notFound(`No AuditEvent ${id.replace(/[^\w-]/g, '?').slice(0, 64)}`);
    if (row.patient_id) await audit(ctx, request, principal, 'read', row.content.id, row.patient_id);
    const [event] = await presentAuditEvents(ctx.db, [row], principal.kind === 'patient' ? 'patient' : 'officer');
    return reply.type(FHIR_JSON).send(event);
  };
  app.get('/fhir/AuditEvent/:id', read);
  app.get('/fhir/AuditEvent/:id/_history/:vid', read);

  app.get('/audit/break-glass', async (request, reply) => {
    const principal = requirePrincipal(ctx, request);
    if (!principal.roles.includes('privacy-officer')) throw forbidden('The break-the-glass review list is for privacy officers');
    const params = request.query as Record<string, string | string[]>;
    if ('break-glass' in params) throw badRequest('This list holds break-the-glass accesses only', 'break-glass');
    const query = { ...parseAuditQuery(params), breakGlass: true };
    const clinic = principal.organizationId;
    if (!clinic) throw forbidden('The break-the-glass review list is of a clinic, and this account names none');
    // The clinic's own staff anywhere, and anyone opening the clinic's attached patients.
    const page = await searchAudit(ctx.db, query, { clinicOrg: clinic });
    if (query.patient) await audit(ctx, request, principal, 'search', undefined, query.patient);
    const last = page.rows.at(-1);
    return reply.type(JSON_TYPE).send({
      accesses: await breakGlassAccesses(ctx.db, page.rows, clinic),
      next: page.more && last ? encodeCursor(new Date(last.recorded).toISOString(), last.seq) : undefined,
    });
  });

  app.get('/cabinet/access-log', async (request, reply) => {
    const principal = requirePrincipal(ctx, request);
    if (principal.kind !== 'patient' || !principal.patientId) throw forbidden('The cabinet is for patients: log in with POST /auth/patient-login');
    const params = request.query as Record<string, string | string[]>;
    for (const name of ['patient', 'agent', 'agent-name']) if (name in params) throw badRequest(`${name} is not a parameter of the access log`, name);
    const page = await searchAudit(ctx.db, parseAuditQuery(params), scopeOf(principal));
    const last = page.rows.at(-1);
    return reply.type(JSON_TYPE).send({
      accesses: await recordAccesses(ctx.db, page.rows),
      next: page.more && last ? encodeCursor(new Date(last.recorded).toISOString(), last.seq) : undefined,
    });
  });
}

function scopeOf(principal: Principal): AuditScope {
  if (principal.kind === 'patient') {
    if (!principal.patientId) throw forbidden('This patient session names no patient');
    return { patient: principal.patientId, excludeAgent: principal.subject };
  }
  return principal.organizationId ? { clinicOrg: principal.organizationId } : {};
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
