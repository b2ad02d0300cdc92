import type { FastifyInstance } from 'fastify';
import type { CentralContext } from '../context.js';
import { countIcd10 } from '../terminology/bootstrap.js';

/**
 * Readiness. Central listens only after migrations, the ICD-10 import and (with --demo) the demo
 * region are done (main.ts), so any answer here means ready; the body says what it is ready with.
 * A database that stops answering makes this a 503, not a hang.
 */
export function registerHealthRoutes(app: FastifyInstance, ctx: CentralContext): void {
  app.get('/healthz', async (_request, reply) => {
    try {
      const icd10Codes = await countIcd10(ctx.db);
      return reply.header('cache-control', 'no-store').type('application/json').send({ status: 'ok', engine: ctx.db.engine, icd10Codes });
    } catch {
      return reply.status(503).header('cache-control', 'no-store').type('application/json').send({ status: 'unavailable', engine: ctx.db.engine });
    }
  });
}
