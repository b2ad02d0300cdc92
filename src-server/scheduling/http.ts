import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { isAllowed } from '../../shared/domain/access.js';
import { badRequest, forbidden } from '../../shared/fhir/outcomes.js';
import { originOf, requirePrincipal } from '../auth/authenticate.js';
import type { Principal } from '../auth/principal.js';
import { recordAudit, type AuditedInteraction } from '../audit/audit.js';
import type { CentralContext } from '../context.js';
import type { Queryable } from '../db/database.js';

/** What the scheduling and cabinet routes share: parsing at the boundary, who may call, the audit. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, where: 'body' | 'query' | 'params'): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || where;
  throw badRequest(`${field}: ${issue.code === 'invalid_type' && issue.input === undefined ? 'required' : issue.message}`, field);
}

export type StaffNeed = 'view' | 'book' | 'define' | 'patients';

export interface StaffCaller {
  principal: Principal;
  organizationId: string;
}

/** A member of a clinic's staff allowed to do `need`; 401/403 otherwise. */
export function staffCaller(ctx: CentralContext, request: FastifyRequest, need: StaffNeed): StaffCaller {
  const principal = requirePrincipal(ctx, request);
  if (principal.kind !== 'user' || !principal.organizationId) throw forbidden('Scheduling is done by the staff of a clinic');
  const { roles } = principal;
  const allowed =
    need === 'view' ? isAllowed(roles, 'read', 'Slot')
    : need === 'book' ? isAllowed(roles, 'update', 'Appointment')
    : need === 'define' ? roles.includes('clinic-admin')
    : isAllowed(roles, 'search', 'Patient') && isAllowed(roles, 'read', 'Appointment');
  if (!allowed) throw forbidden(need === 'define' ? 'Only a clinic administrator defines schedules' : `Role ${roles.join(', ')} may not do this`);
  return { principal, organizationId: principal.organizationId };
}

/** The patient of a cabinet token; anyone else is refused. */
export function cabinetPatient(ctx: CentralContext, request: FastifyRequest): string {
  const principal = requirePrincipal(ctx, request);
  if (principal.kind !== 'patient' || !principal.patientId) throw forbidden('The cabinet is for patients: log in with POST /auth/patient-login');
  return principal.patientId;
}

/** One AuditEvent per patient whose data a staff request read or changed. */
export async function auditPatients(ctx: CentralContext, q: Queryable, request: FastifyRequest, principal: Principal, interaction: AuditedInteraction, resourceType: string, patientIds: readonly (string | null | undefined)[]): Promise<void> {
  const ids = patientIds.filter((id): id is string => Boolean(id));
  await recordAudit(q, { principal, origin: originOf(request), interaction, resourceType, patientIds: ids, outcome: 'success' }, ctx.now());
}
