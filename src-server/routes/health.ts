import type { FastifyInstance } from 'fastify';
import type { CentralContext } from '../context.js';

export function registerHealthRoutes(app: FastifyInstance, ctx: CentralContext): void {
  app.get('/healthz', async (_request, reply) => {
    await ctx.db.query('SELECT 1');
    return reply.type('application/json').send({ status: 'ok', engine: ctx.db.engine });
  });
}
