import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { forbidden, notFound } from '../../shared/fhir/outcomes.js';
import { originOf, requirePrincipal } from '../auth/authenticate.js';
import type { CentralContext } from '../context.js';
import { retryWaitingSubmissions, submitFeed } from '../integration/feeds/process.js';
import { findSubmission, listSubmissions, submissionView } from '../integration/feeds/submissions.js';
import { IdParams, parseInput } from '../integration/http-input.js';
import { registerInstitution, RegisterInstitutionSchema } from '../integration/institutions.js';
import { attachReviewItem, listReviewItems, rejectReviewItem } from '../integration/review/queue.js';
import { backgroundWorkEnabled } from '../registers/registry.js';
import { startWorker } from '../registers/worker.js';

const ListQuery = z.object({ status: z.enum(['received', 'accepted', 'rejected', 'review']).optional(), _count: z.coerce.number().int().min(1).max(200).default(50) });
const ReviewQuery = z.object({ status: z.enum(['pending', 'attached', 'rejected']).default('pending'), _count: z.coerce.number().int().min(1).max(200).default(50) });
const AttachBody = z.object({ patientId: IdParams.shape.id });
const RejectBody = z.object({ reason: z.string().trim().min(1).max(500) });

/**
 * Institution feeds: registering an institution (verified by УНП), the feed endpoint its systems
 * send FHIR bundles to, the status of each submission, and the review queue of records whose
 * person was not certain. Also runs the worker that retries submissions left waiting.
 */
export async function registerFeedRoutes(app: FastifyInstance, ctx: CentralContext): Promise<void> {
  const retry = startWorker('feed retry', Number(process.env.MEDKARTA_FEED_RETRY_MS ?? 30_000), async () => {
    if (backgroundWorkEnabled(ctx)) await retryWaitingSubmissions(ctx);
  });
  app.addHook('onClose', () => retry.stop());
  const json = 'application/json';

  app.post('/feeds/institutions', async (request, reply) => {
    const registered = await registerInstitution(ctx, requirePrincipal(ctx, request), parseInput(RegisterInstitutionSchema, request.body));
    return reply.status(201).header('cache-control', 'no-store').type(json).send(registered);
  });

  app.post('/feeds', async (request, reply) => {
    const view = await submitFeed(ctx, requirePrincipal(ctx, request), request.body, originOf(request));
    return reply.status(view.status === 'received' ? 202 : 200).header('location', `/feeds/${view.id}`).type(json).send(view);
  });

  app.get('/feeds', async (request, reply) => {
    const organizationId = institutionOf(requirePrincipal(ctx, request));
    const query = parseInput(ListQuery, request.query);
    const rows = await listSubmissions(ctx.db, organizationId, { status: query.status, limit: query._count });
    return reply.type(json).send({ submissions: rows.map(submissionView) });
  });

  app.get('/feeds/review', async (request, reply) => {
    const query = parseInput(ReviewQuery, request.query);
    return reply.type(json).send({ items: await listReviewItems(ctx, requirePrincipal(ctx, request), { status: query.status, limit: query._count }) });
  });

  app.post('/feeds/review/:id/attach', async (request, reply) => {
    const { id } = parseInput(IdParams, request.params);
    const { patientId } = parseInput(AttachBody, request.body);
    return reply.type(json).send(await attachReviewItem(ctx, requirePrincipal(ctx, request), originOf(request), id, patientId));
  });

  app.post('/feeds/review/:id/reject', async (request, reply) => {
    const { id } = parseInput(IdParams, request.params);
    const { reason } = parseInput(RejectBody, request.body);
    return reply.type(json).send(await rejectReviewItem(ctx, requirePrincipal(ctx, request), id, reason));
  });

  app.get('/feeds/:id', async (request, reply) => {
    const organizationId = institutionOf(requirePrincipal(ctx, request));
    const row = await findSubmission(ctx.db, parseInput(IdParams, request.params).id);
    // Another institution's submission is answered as if it did not exist.
    if (!row || row.organization_id !== organizationId) throw notFound('No such submission of yours');
    return reply.type(json).send(submissionView(row));
  });
}

function institutionOf(principal: { kind: string; organizationId?: string | undefined }): string {
  if (principal.kind !== 'client' || !principal.organizationId) throw forbidden('Feed status is for the institution systems that sent them');
  return principal.organizationId;
}
