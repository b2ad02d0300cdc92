import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { clientIdSchema, fetchPatientRequestSchema, NEXT_CURSOR_HEADER, pullRequestSchema, pushEnvelopeSchema, type FetchPatientResponse } from '../../shared/sync/protocol.js';
import { originOf, requirePrincipal } from '../auth/authenticate.js';
import type { CentralContext } from '../context.js';
import { authorizeSyncClient } from '../sync/access.js';
import { ChangeStreams } from '../sync/event-stream.js';
import { fetchPatientRecord } from '../sync/fetch-patient.js';
import { notifierFor } from '../sync/notifier.js';
import { parseSyncBody, readMutation } from '../sync/parse.js';
import { pullPage } from '../sync/pull.js';
import { serializePullPage, serializePullPageRows } from '../sync/pull-page.js';
import { PULL_ROWS_CONTENT_TYPE } from '../../shared/sync/pull-rows.js';
import { applyPush } from '../sync/push.js';
import { wakeSickLeaveOutbox } from '../registers/social-fund/wake.js';

const EventsQuery = z.object({ clientId: clientIdSchema, protocolVersion: z.coerce.number().int() });

/**
 * The sync protocol over HTTP (shared/sync/protocol.ts): push, pull, change notices as
 * server-sent events, and the audited on-demand fetch of a patient outside the scope. Every route
 * authenticates, checks that the caller may act as the named client, and hands over to sync/.
 */
export function registerSyncRoutes(app: FastifyInstance, ctx: CentralContext): void {
  const notifier = notifierFor(ctx.db);
  const streams = new ChangeStreams(notifier, ctx.now);
  app.addHook('preClose', async () => streams.closeAll());

  app.post('/sync/push', async (request, reply) => {
    const principal = requirePrincipal(ctx, request);
    const push = parseSyncBody(pushEnvelopeSchema, request.body);
    const caller = await authorizeSyncClient(ctx.db, principal, push.clientId);
    const response = await applyPush(ctx.db, caller, push.clientId, push.mutations.map(readMutation), ctx.now);
    if (response.results.length > 0) notifier.pushed(push.clientId, caller.organizationId);
    if (push.mutations.some((mutation) => mutation.kind === 'sick-leave')) wakeSickLeaveOutbox(ctx);
    return reply.type('application/json').send(response);
  });

  app.post('/sync/pull', async (request, reply) => {
    const principal = requirePrincipal(ctx, request);
    const pull = parseSyncBody(pullRequestSchema, request.body);
    const caller = await authorizeSyncClient(ctx.db, principal, pull.clientId);
    const page = await pullPage(ctx.db, pull.clientId, caller.organizationId, pull, ctx.now());
    if (page.hasMore) reply.header(NEXT_CURSOR_HEADER, page.cursor);
    if (pull.layout === 'rows') return reply.type(PULL_ROWS_CONTENT_TYPE).send(serializePullPageRows(page));
    return reply.type('application/json').send(serializePullPage(page));
  });

  app.get('/sync/events', async (request, reply) => {
    const principal = requirePrincipal(ctx, request);
    const { clientId } = parseSyncBody(EventsQuery, request.query);
    const caller = await authorizeSyncClient(ctx.db, principal, clientId);
    reply.hijack();
    await streams.attach(request.raw, reply.raw, clientId, caller.organizationId);
  });

  app.post('/sync/fetch-patient', async (request, reply) => {
    const principal = requirePrincipal(ctx, request);
    const fetch = parseSyncBody(fetchPatientRequestSchema, request.body);
    await authorizeSyncClient(ctx.db, principal, fetch.clientId);
    const resources = await fetchPatientRecord(ctx.db, principal, originOf(request), fetch, ctx.now());
    return reply.type('application/json').send({ resources } as FetchPatientResponse);
  });
}
