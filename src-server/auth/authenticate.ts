import type { FastifyRequest } from 'fastify';
import { unauthorized } from '../../shared/fhir/outcomes.js';
import type { CentralContext } from '../context.js';
import type { Principal, RequestOrigin } from './principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/**
 * The principal behind a request's bearer token; a 401 OperationOutcome when there is none or it
 * does not verify. Routes call this first: nothing about the caller is taken from anywhere else.
 */
export function requirePrincipal(ctx: CentralContext, request: FastifyRequest): Principal {
  if (request.principal) return request.principal;
  const header = request.headers.authorization;
  if (!header) throw unauthorized('A bearer token is required');
  const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header);
  if (!match) throw unauthorized('The Authorization header must be "Bearer <token>"');
  const principal = ctx.tokens.verify(match[1]!, ctx.now());
  if (!principal) throw unauthorized('The token is invalid or has expired');
  request.principal = principal;
  return principal;
}

export function originOf(request: FastifyRequest): RequestOrigin {
  const agent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof agent === 'string' ? agent.slice(0, 200) : undefined };
}
