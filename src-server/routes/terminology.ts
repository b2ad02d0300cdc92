import type { FastifyInstance, FastifyRequest } from 'fastify';
import { STAFF_ROLES, type Role } from '../../shared/domain/roles.js';
import { badRequest, forbidden, notFound } from '../../shared/fhir/outcomes.js';
import { requirePrincipal } from '../auth/authenticate.js';
import type { CentralContext } from '../context.js';
import { getIcd10, MAX_SEARCH_RESULTS, searchIcd10 } from '../terminology/icd10-search.js';

const MAX_QUERY_LENGTH = 100;
const DEFAULT_COUNT = 20;

/** ICD-10 look-ups for staff documenting a diagnosis. Not patient data: nothing to audit. */
export function registerTerminologyRoutes(app: FastifyInstance, ctx: CentralContext): void {
  app.get('/terminology/icd10', async (request, reply) => {
    requireStaff(ctx, request);
    const query = request.query as Record<string, unknown>;
    const q = singleText(query.q, 'q');
    if (q === undefined || q.trim() === '') throw badRequest('Parameter q is required: a code prefix (J06) or words of the title (острый бронх)', 'q');
    if (q.length > MAX_QUERY_LENGTH) throw badRequest(`Parameter q is longer than ${MAX_QUERY_LENGTH} characters`, 'q');
    const count = parseCount(singleText(query._count, '_count'));
    const results = await searchIcd10(ctx.db, q, count);
    return reply.type('application/json').send({ count: results.length, results });
  });

  app.get('/terminology/icd10/:code', async (request, reply) => {
    requireStaff(ctx, request);
    const { code } = request.params as { code: string };
    if (!/^[A-Za-z0-9.-]{1,20}$/.test(code)) throw badRequest('An ICD-10 code is letters, digits, "." and "-"', 'code');
    const entry = await getIcd10(ctx.db, code);
    if (!entry) throw notFound(`No ICD-10 code ${code}`);
    return reply.type('application/json').send(entry);
  });
}

function requireStaff(ctx: CentralContext, request: FastifyRequest): void {
  const principal = requirePrincipal(ctx, request);
  if (!principal.roles.some((role: Role) => (STAFF_ROLES as readonly Role[]).includes(role))) {
    throw forbidden('ICD-10 look-up is for clinic staff');
  }
}

function singleText(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(`Parameter ${name} must be given once`, name);
  if (value.includes('\u0000')) throw badRequest(`Parameter ${name} contains a NUL character`, name);
  return value;
}

function parseCount(value: string | undefined): number {
  if (value === undefined) return DEFAULT_COUNT;
  if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > MAX_SEARCH_RESULTS) {
    throw badRequest(`Parameter _count must be a whole number from 1 to ${MAX_SEARCH_RESULTS}`, '_count');
  }
  return Number(value);
}
