import type { Principal } from '../auth/principal.js';
import { bearerFor, staffPrincipal } from '../../test/support/auth.js';
import type { TestCentral } from '../../test/support/central.js';
import type { Role } from '../../shared/domain/roles.js';

/** One HTTP call to Central: a JSON body (or text as it is), the answer as status, JSON when it is JSON, and text. */
async function callCentral(central: TestCentral, auth: Record<string, string>, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
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
}

/** A small HTTP client for the integrator's integration tests: any path of Central, as a staff member (or anyone). */
export function centralClient(central: TestCentral, principal: Principal | Role | null = 'doctor') {
  const auth = principal === null ? {} : bearerFor(central, typeof principal === 'string' ? staffPrincipal(principal) : principal);
  return (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => callCentral(central, auth, method, path, body, headers);
}

export type CentralCall = ReturnType<typeof centralClient>;

/**
 * Registers an institution through the API (as an administrator), takes its client token through
 * POST /auth/token, and returns a client that speaks as the institution's system.
 */
export async function registerTestInstitution(central: TestCentral, input: { unp: string; kind: 'laboratory' | 'hospital' | 'private-clinic' | 'ambulance'; system?: string; hl7Facility?: string }) {
  const registered = await centralClient(central, 'clinic-admin')('POST', '/feeds/institutions', { system: 'LIS', ...input });
  if (registered.status !== 201) throw new Error(`registering the institution failed: ${registered.status} ${registered.text}`);
  const token = await fetch(`${central.url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: registered.body.clientId, client_secret: registered.body.clientSecret }).toString(),
  });
  const { access_token } = (await token.json()) as { access_token: string };
  const auth = { authorization: `Bearer ${access_token}` };
  const call = (method: string, path: string, body?: unknown, contentType = 'application/fhir+json') =>
    callCentral(central, auth, method, path, body, body === undefined ? {} : { 'content-type': contentType });
  return { ...(registered.body as { organizationId: string; clientId: string; name: string; hl7Facility: string }), call };
}

export type TestInstitution = Awaited<ReturnType<typeof registerTestInstitution>>;
