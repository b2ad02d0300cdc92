import type { Role } from '../../shared/domain/roles.js';
import { headersFor } from '../../test/support/auth.js';
import type { TestCentral } from '../../test/support/central.js';

/** A small FHIR client for integration tests: JSON in, status, headers and JSON body out. */
export function fhirClient(central: TestCentral, role: Role = 'doctor', overrides: Parameters<typeof headersFor>[2] = {}) {
  const auth = headersFor(central, role, overrides);
  return async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${central.url}/fhir${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/fhir+json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const json: any = text ? JSON.parse(text) : undefined;
    return { status: response.status, headers: response.headers, body: json, text };
  };
}

export type FhirCall = ReturnType<typeof fhirClient>;

/** Row counts of every table a write touches: a refused request must leave them all unchanged. */
export async function storeCounts(central: TestCentral): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['resource', 'resource_history', 'change_log', 'patient_personal_number', 'search_token', 'search_string', 'search_date', 'search_reference']) {
    const { rows } = await central.ctx.db.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}`);
    counts[table] = Number(rows[0]!.n);
  }
  return counts;
}

/**
 * Row count and content checksum of every table: what "the database is unchanged" means. Rows are
 * hashed one by one and the hashes sorted, so the physical order of rows does not matter. `except`
 * names tables that are meant to change under any request (the audit trail records refusals too).
 */
export async function databaseFingerprint(central: TestCentral, except: readonly string[] = []): Promise<Record<string, string>> {
  const { rows: tables } = await central.ctx.db.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  const fingerprint: Record<string, string> = {};
  for (const { name } of tables) {
    if (except.includes(name)) continue;
    const { rows } = await central.ctx.db.query<{ n: number | string; sum: string | null }>(
      `SELECT count(*) AS n, md5(string_agg(h, '' ORDER BY h)) AS sum FROM (SELECT md5(t::text) AS h FROM "${name}" t) x`,
    );
    fingerprint[name] = `${Number(rows[0]!.n)} ${rows[0]!.sum ?? '-'}`;
  }
  return fingerprint;
}
