import type { Principal } from '../../src-server/auth/principal.js';
import type { RunningCentral } from '../../src-server/main.js';
import type { Role } from '../../shared/domain/roles.js';

/**
 * Authorization headers for a principal, signed with the test Central's own key. Tests that are
 * about something other than logging in use this; the login flow has tests of its own.
 */
export function bearerFor(central: RunningCentral, principal: Principal): Record<string, string> {
  return { authorization: `Bearer ${central.ctx.tokens.sign(principal, central.ctx.now())}` };
}

export function staffPrincipal(role: Role, overrides: Partial<Principal> = {}): Principal {
  return { kind: 'user', subject: `test-${role}`, display: `Test ${role}`, roles: [role], organizationId: 'test-org', ...overrides };
}

/**
 * Headers of a staff member of 'test-org'. Tests of FHIR mechanics read records of patients that
 * belong to no clinic, so these headers state a break-the-glass reason (X-Break-Glass-Reason) and
 * the clinic scope does not stand in their way; pass `{ reason: false }` to act without one (the
 * scope itself is tested in src-server/auth/clinic-scope.int.test.ts).
 */
export function headersFor(central: RunningCentral, role: Role, overrides: Partial<Principal> = {}, options: { reason?: string | false } = {}): Record<string, string> {
  const reason = options.reason ?? 'integration test of FHIR mechanics';
  return { ...bearerFor(central, staffPrincipal(role, overrides)), ...(reason === false ? {} : { 'x-break-glass-reason': encodeURIComponent(reason) }) };
}
