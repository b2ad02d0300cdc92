import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isAllowed } from '../../shared/domain/access.js';
import { badRequest, forbidden } from '../../shared/fhir/outcomes.js';
import { requirePrincipal } from '../auth/authenticate.js';
import type { CentralContext } from '../context.js';
import { processBundle } from '../fhir/bundles.js';
import { capabilityStatement } from '../fhir/capability.js';
import { readChanges } from '../fhir/changes.js';
import { patientEverything } from '../fhir/everything.js';
import { instanceHistory, nonNegative, pageSize, parseHistoryQuery, typeHistory, type HistoryQuery } from '../fhir/history.js';
import type { Resource } from '@medplum/fhirtypes';
import { clinicalWritePatients } from '../fhir/clinical-writes.js';
import { patientCompartmentOf } from '../../shared/fhir/compartment.js';
import type { WriteOperation } from '../fhir/write.js';
import type { Principal } from '../auth/principal.js';
import { writesNeedingReach } from '../auth/clinic-scope.js';
import { isOwnWrite, writerOf } from '../auth/own-writes.js';
import type { Queryable } from '../db/database.js';
import { FHIR_JSON, allow, audit, type BreakGlass, auditAccess, fhirBaseUrl, isClinicalType, prefersMinimal, rawQuery, recordFailedAccess, requireClinicScope, restrictionOf, sendVersion } from '../fhir/http.js';
import { readResource, readVersion } from '../fhir/read.js';
import { createResource, deleteResource, parseIfMatch, prepareCreate, prepareUpdate, updateResource } from '../fhir/repository.js';
import { FHIR_ID_PATTERN, requireStoredType, requireValidId, STORED_TYPES } from '../fhir/resource-types.js';
import { historyBundle } from '../fhir/responses.js';
import { searchResources } from '../fhir/search/search.js';
import { validateInPool } from '../fhir/validation-pool.js';

type Params = { type?: string; id?: string; vid?: string };
type Query = Record<string, string | string[] | undefined>;
const paramsOf = (request: FastifyRequest) => request.params as Params;

/** FHIR R4 REST at /fhir: parse, authenticate and authorise, call the store, audit, answer. */
export async function registerFhirRoutes(app: FastifyInstance, ctx: CentralContext): Promise<void> {
  const base = () => fhirBaseUrl(ctx);
  /** A clinical write of a patient outside the caller's scope needs a stated reason (checked before it). */
  const requireWriteScope = async (tx: Queryable, request: FastifyRequest, principal: Principal, writes: readonly WriteOperation[]) => {
    const op = writes[0]!;
    const failure = { interaction: op.kind, resourceType: op.kind === 'delete' ? op.resourceType : op.resource.resourceType, resourceId: op.kind === 'delete' ? op.id : op.resource.id } as const;
    return requireClinicScope(ctx, tx, request, principal, await clinicalWritePatients(tx, writesNeedingReach(principal, writes)), failure, 'write');
  };
  // A failed interaction with a known caller and patient is audited too (outcome: failure).
  app.addHook('onError', async (request) => {
    if (request.auditOnFailure) await recordFailedAccess(ctx, request);
  });

  app.get('/fhir/metadata', async (_request, reply) =>
    reply.type(FHIR_JSON).send(capabilityStatement(base(), ctx.now(), { auditTrail: app.hasRoute({ method: 'GET', url: '/fhir/AuditEvent' }) })),
  );

  for (const path of ['/fhir', '/fhir/']) {
    app.post(path, async (request, reply) => {
      const principal = requirePrincipal(ctx, request);
      // Clinical writes outside the scope, let through by a stated reason, until their audit.
      let writeGlass: BreakGlass | undefined;
      const bundle = await processBundle(ctx.db, request.body, {
        now: ctx.now(),
        baseUrl: base(),
        authorize: (action, type) => void allow(ctx, request, action, type),
        restrictToPatients: restrictionOf(principal),
        returnMinimal: prefersMinimal(request),
        writer: writerOf(principal),
        isOwnWrite: (tx, version) => isOwnWrite(tx, principal, 'read', version),
        checkWrites: async (tx, kind, writes) => {
          const patientIds = await clinicalWritePatients(tx, writesNeedingReach(principal, writes));
          writeGlass = await requireClinicScope(ctx, tx, request, principal, patientIds, { interaction: kind, resourceType: 'Bundle' }, 'write');
        },
        audit: async (tx, kind, patientIds, clinicalPatientIds) => {
          const failure = { interaction: kind, resourceType: 'Bundle' } as const;
          const breakGlass = joinGlass(await requireClinicScope(ctx, tx, request, principal, clinicalPatientIds, failure), writeGlass);
          writeGlass = undefined;
          await audit(ctx, tx, request, principal, { ...failure, patientIds, breakGlass });
        },
        auditFailure: async (kind, patientIds) => {
          // A scope refusal inside the bundle has named its patients already.
          const refused = request.auditOnFailure?.patientIds ?? [];
          request.auditOnFailure = { interaction: kind, resourceType: 'Bundle', patientIds: [...patientIds, ...refused] };
          await recordFailedAccess(ctx, request);
        },
      });
      return reply.type(FHIR_JSON).send(bundle);
    });
  }

  app.get('/fhir/_changes', async (request, reply) => {
    const principal = requirePrincipal(ctx, request);
    if (principal.kind !== 'user' && principal.kind !== 'client') throw forbidden('The change feed is for staff workstations and institution systems');
    const query = request.query as Query;
    const patients = query.patient === undefined ? undefined : [query.patient].flat().flatMap((p) => String(p).split(',')).map((p) => requireValidId(p, 'patient'));
    const page = await readChanges(ctx.db, typeof query.cursor === 'string' ? query.cursor : undefined, pageSize(query._count), { patientIds: patients });
    // A role sees the changes of the types it may read; the cursor still moves past the others.
    const changes = page.changes.filter((change) => isAllowed(principal.roles, 'read', change.resourceType));
    const facts = { interaction: 'history', resourceType: 'Bundle', query: rawQuery(request) } as const;
    const breakGlass = await requireClinicScope(ctx, ctx.db, request, principal, changes.filter((c) => isClinicalType(c.resourceType)).map((c) => c.patientId), facts);
    await auditAccess(ctx, request, principal, { ...facts, patientIds: changes.map((c) => c.patientId), breakGlass });
    return reply.type('application/json').send({ changes, nextCursor: page.nextCursor });
  });

  app.get('/fhir/Patient/:id/$everything', async (request, reply) => {
    const principal = allow(ctx, request, 'read', 'Patient');
    const id = requireValidId(paramsOf(request).id);
    const restrict = restrictionOf(principal);
    await readResource(ctx.db, 'Patient', id, restrict); // 404/410 before anything else, outside the compartment too
    // The whole record: outside the clinic's scope it needs a stated reason before anything is read.
    const types = STORED_TYPES.filter((type) => isAllowed(principal.roles, 'read', type));
    const clinical = types.some(isClinicalType) ? [id] : [];
    const breakGlass = await requireClinicScope(ctx, ctx.db, request, principal, clinical, { interaction: 'everything', resourceType: 'Patient', resourceId: id });
    const query = request.query as Query;
    const page = { count: pageSize(query._count), offset: nonNegative(query._offset, '_offset') };
    const result = await patientEverything(ctx.db, id, types, page, {
      baseUrl: base(),
      selfUrl: (offset) => `${base()}/Patient/${id}/$everything?_count=${page.count}&_offset=${offset}`,
    });
    await auditAccess(ctx, request, principal, { interaction: 'everything', resourceType: 'Patient', resourceId: id, patientIds: [result.patientId], breakGlass });
    return reply.type(FHIR_JSON).send(result.bundle);
  });

  app.get('/fhir/:type/_history', async (request, reply) => {
    const type = requireStoredType(paramsOf(request).type);
    const principal = allow(ctx, request, 'history', type);
    const query = parseHistoryQuery(request.query as Query);
    const page = await typeHistory(ctx.db, type, query, restrictionOf(principal));
    await auditAccess(ctx, request, principal, { interaction: 'history', resourceType: type, patientIds: page.versions.map((v) => v.patientId), query: rawQuery(request), clinical: isClinicalType(type) });
    return reply.type(FHIR_JSON).send(historyBundle(page.versions, base(), historyUrl(`${base()}/${type}/_history`, query, query.offset), page.hasMore ? historyUrl(`${base()}/${type}/_history`, query, query.offset + query.count) : undefined));
  });

  app.get('/fhir/:type/:id/_history', async (request, reply) => {
    const type = requireStoredType(paramsOf(request).type);
    const principal = allow(ctx, request, 'history', type);
    const id = requireValidId(paramsOf(request).id);
    const query = parseHistoryQuery(request.query as Query);
    const page = await instanceHistory(ctx.db, type, id, query, restrictionOf(principal));
    const self = `${base()}/${type}/${id}/_history`;
    await auditAccess(ctx, request, principal, { interaction: 'history', resourceType: type, resourceId: id, patientIds: page.versions.map((v) => v.patientId), clinical: isClinicalType(type) });
    return reply.type(FHIR_JSON).send(historyBundle(page.versions, base(), historyUrl(self, query, query.offset), page.hasMore ? historyUrl(self, query, query.offset + query.count) : undefined));
  });

  app.get('/fhir/:type/:id/_history/:vid', async (request, reply) => {
    const type = requireStoredType(paramsOf(request).type);
    const principal = allow(ctx, request, 'read', type);
    const id = requireValidId(paramsOf(request).id);
    const vid = paramsOf(request).vid ?? '';
    if (!/^\d{1,9}$/.test(vid)) throw badRequest('The version id must be a whole number');
    const version = await readVersion(ctx.db, type, id, Number(vid), restrictionOf(principal));
    const clinical = isClinicalType(type) && !(await isOwnWrite(ctx.db, principal, 'read', version));
    await auditAccess(ctx, request, principal, { interaction: 'vread', resourceType: type, resourceId: id, patientIds: [version.patientId], clinical });
    return sendVersion(reply, 200, version, { baseUrl: base() });
  });

  app.get('/fhir/:type/:id', async (request, reply) => {
    const type = requireStoredType(paramsOf(request).type);
    const principal = allow(ctx, request, 'read', type);
    const id = requireValidId(paramsOf(request).id);
    const version = await readResource(ctx.db, type, id, restrictionOf(principal));
    const clinical = isClinicalType(type) && !(await isOwnWrite(ctx.db, principal, 'read', version));
    await auditAccess(ctx, request, principal, { interaction: 'read', resourceType: type, resourceId: id, patientIds: [version.patientId], clinical });
    return sendVersion(reply, 200, version, { baseUrl: base() });
  });

  const search = async (request: FastifyRequest, query: Query) => {
    const type = requireStoredType(paramsOf(request).type);
    const principal = allow(ctx, request, 'search', type);
    const found = await searchResources(ctx.db, type, query, { baseUrl: base(), restrictToPatients: restrictionOf(principal) });
    await auditAccess(ctx, request, principal, { interaction: 'search', resourceType: type, patientIds: found.patientIds, query: new URLSearchParams(query as Record<string, string>).toString().slice(0, 2000), clinical: isClinicalType(type) });
    return found.bundle;
  };
  app.get('/fhir/:type', async (request, reply) => reply.type(FHIR_JSON).send(await search(request, request.query as Query)));
  await app.register(async (scope) => {
    // A form-encoded body is accepted on this one route only (FHIR's POST _search).
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, formFields(body as string)));
    scope.post('/fhir/:type/_search', async (request, reply) => {
      const body = request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? (request.body as Query) : {};
      return reply.type(FHIR_JSON).send(await search(request, { ...(request.query as Query), ...body }));
    });
  });

  app.post('/fhir/:type', async (request, reply) => {
    const type = requireStoredType(paramsOf(request).type);
    const principal = allow(ctx, request, 'create', type);
    request.auditOnFailure = { interaction: 'create', resourceType: type, patientIds: [compartmentOfBody(request.body)] };
    await validateInPool([request.body]);
    const resource = prepareCreate(request.body, type);
    const ifNoneExist = request.headers['if-none-exist'];
    const { result, matched } = await ctx.db.transaction(async (tx) => {
      const breakGlass = await requireWriteScope(tx, request, principal, [{ kind: 'create', resource }]);
      const created = await createResource(tx, structuredClone(resource), ctx.now(), { ifNoneExist: typeof ifNoneExist === 'string' ? ifNoneExist : undefined, baseUrl: base(), writer: writerOf(principal) });
      await audit(ctx, tx, request, principal, { interaction: created.matched ? 'read' : 'create', resourceType: type, resourceId: created.result.id, patientIds: [created.result.patientId], breakGlass });
      return created;
    });
    return sendVersion(reply, matched ? 200 : 201, result, { baseUrl: base(), location: true, minimal: prefersMinimal(request) });
  });

  app.put('/fhir/:type/:id', async (request, reply) => {
    const type = requireStoredType(paramsOf(request).type);
    const principal = allow(ctx, request, 'update', type);
    const id = requireValidId(paramsOf(request).id);
    request.auditOnFailure = { interaction: 'update', resourceType: type, resourceId: id, patientIds: [compartmentOfBody(request.body)] };
    await validateInPool([request.body]);
    const resource = prepareUpdate(request.body, type, id);
    const ifMatch = parseIfMatch(request.headers['if-match']);
    const result = await ctx.db.transaction(async (tx) => {
      const breakGlass = await requireWriteScope(tx, request, principal, [{ kind: 'update', resource }]);
      const written = await updateResource(tx, structuredClone(resource), ctx.now(), ifMatch, writerOf(principal));
      await audit(ctx, tx, request, principal, { interaction: written.status === 201 ? 'create' : 'update', resourceType: type, resourceId: id, patientIds: [written.patientId], breakGlass });
      return written;
    });
    return sendVersion(reply, result.status, result, { baseUrl: base(), location: result.status === 201, minimal: prefersMinimal(request) });
  });

  app.delete('/fhir/:type/:id', async (request, reply) => {
    const type = requireStoredType(paramsOf(request).type);
    const principal = allow(ctx, request, 'delete', type);
    const id = requireValidId(paramsOf(request).id);
    const result = await ctx.db.transaction(async (tx) => {
      const breakGlass = await requireWriteScope(tx, request, principal, [{ kind: 'delete', resourceType: type, id }]);
      const written = await deleteResource(tx, type, id, ctx.now(), writerOf(principal));
      await audit(ctx, tx, request, principal, { interaction: 'delete', resourceType: type, resourceId: id, patientIds: [written.patientId], breakGlass });
      return written;
    });
    return reply.status(200).type(FHIR_JSON).header('etag', `W/"${result.versionId}"`).send({ resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', details: { text: `${type}/${id} deleted` } }] });
  });
}

/** The patient a request body is about, for the audit of a write that fails before it is stored. */
function compartmentOfBody(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body) || typeof (body as { resourceType?: unknown }).resourceType !== 'string') return undefined;
  try {
    const id = patientCompartmentOf(body as Resource);
    return id && FHIR_ID_PATTERN.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The patients opened outside the scope by a bundle's reads and by its writes, under one reason. */
function joinGlass(read: BreakGlass | undefined, write: BreakGlass | undefined): BreakGlass | undefined {
  if (!read || !write) return read ?? write;
  return { reason: read.reason, patientIds: [...new Set([...read.patientIds, ...write.patientIds])] };
}

function historyUrl(path: string, query: HistoryQuery, offset: number): string {
  const params = new URLSearchParams({ _count: String(query.count), _offset: String(offset) });
  if (query.since) params.set('_since', query.since);
  return `${path}?${params.toString()}`;
}

function formFields(body: string): Query {
  const fields: Query = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const previous = fields[name];
    fields[name] = previous === undefined ? value : [previous, value].flat();
  }
  return fields;
}
