import type { Principal } from '../auth/principal.js';
import { bearerFor, staffPrincipal } from '../../test/support/auth.js';
import type { TestCentral } from '../../test/support/central.js';
import type { Role } from '../../shared/domain/roles.js';

/** A small HTTP client for the integrator's integration tests: any path of Central, JSON or text. */
export function centralClient(central: TestCentral, principal: Principal | Role | null = 'doctor') {
  const auth = principal === null ? {} : bearerFor(central, typeof principal === 'string' ? staffPrincipal(principal) : principal);
  return async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(central.url + path, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, body: json, text };
  };
}

export type CentralCall = ReturnType<typeof centralClient>;
