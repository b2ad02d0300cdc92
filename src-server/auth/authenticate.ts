import type { FastifyRequest } from 'fastify';
import { OperationOutcomeError, outcome, unauthorized } from '../../shared/fhir/outcomes.js';
import type { CentralContext } from '../context.js';
import type { Principal, RequestOrigin } from './principal.js';
import { revocationsFor } from './revocations.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal & { tokenId?: string; expiresAt?: number };
  }
}

/**
 * The principal behind a request's bearer token; a 401 OperationOutcome when there is none, it
 * does not verify, or its user, client, patient account, workstation or session has been revoked.
 * Routes call this first: nothing about the caller is taken from anywhere else.
 *
 * The revocation check reads an in-memory list that the auth routes' onRequest hook keeps fresh
 * (see revocations.ts), so it stays synchronous and costs no query.
 */
export function requirePrincipal(ctx: CentralContext, request: FastifyRequest): Principal {
  if (request.principal) return request.principal;
  const header = request.headers.authorization;
  if (!header) throw unauthorized('A bearer token is required');
  const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header);
  if (!match) throw unauthorized('The Authorization header must be "Bearer <token>"');
  const principal = ctx.tokens.verify(match[1]!, ctx.now());
  if (!principal) throw unauthorized('The token is invalid or has expired');
  const revocations = revocationsFor(ctx.db);
  // Fail closed: without a loaded list we cannot tell a revoked workstation from a good one.
  if (!revocations.loaded) throw new OperationOutcomeError(503, outcome('error', 'transient', 'Central is starting; try again'));
  const refusal = revocations.refusal(principal);
  if (refusal) throw unauthorized(refusal);
  request.principal = principal;
  return principal;
}

export function originOf(request: FastifyRequest): RequestOrigin {
  const agent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof agent === 'string' ? agent.slice(0, 200) : undefined };
}
