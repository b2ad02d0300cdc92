import type { FastifyInstance } from 'fastify';
import type { CentralContext } from '../context.js';

// Placeholder until the auth module lands: login, refresh and client tokens.
export async function registerAuthRoutes(_app: FastifyInstance, _ctx: CentralContext): Promise<void> {}
