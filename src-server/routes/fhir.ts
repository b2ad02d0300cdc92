import type { FastifyInstance } from 'fastify';
import type { CentralContext } from '../context.js';

// Placeholder until the FHIR REST module lands.
export async function registerFhirRoutes(_app: FastifyInstance, _ctx: CentralContext): Promise<void> {}
