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

export function headersFor(central: RunningCentral, role: Role, overrides: Partial<Principal> = {}): Record<string, string> {
  return bearerFor(central, staffPrincipal(role, overrides));
}
