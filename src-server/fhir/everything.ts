import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { Queryable } from '../db/database.js';
import { readResource } from './read.js';

export interface EverythingPage {
  bundle: Bundle;
  /** The Patient whose record was read (for the audit trail). */
  patientId: string;
}

/**
 * Patient/$everything: the Patient and every live resource of its compartment, as a searchset,
 * paged by `_count` in a stable order (the Patient first, then by type and id).
 */
export async function patientEverything(
  q: Queryable,
  patientId: string,
  /** The types the caller may read: a registrar's $everything holds no clinical resources. */
  types: readonly string[],
  page: { count: number; offset: number },
  urls: { baseUrl: string; selfUrl: (offset: number) => string },
): Promise<EverythingPage> {
  const patient = await readResource(q, 'Patient', patientId);
  const { rows } = await q.query<{ content: Resource | string; total: number | string }>(
    `SELECT content, count(*) OVER () AS total FROM resource
     WHERE patient_id = $1 AND NOT deleted AND NOT (resource_type = 'Patient' AND id = $1) AND resource_type = ANY($4::text[])
     ORDER BY resource_type, id LIMIT $2 OFFSET $3`,
    [patientId, page.offset === 0 ? page.count - 1 : page.count, Math.max(page.offset - 1, 0), [...types]],
  );
  // Offset 0 is the Patient itself; the compartment starts at offset 1.
  const resources: Resource[] = rows.map((row) => (typeof row.content === 'string' ? (JSON.parse(row.content) as Resource) : row.content));
  const others = rows[0] ? Number(rows[0].total) : await countCompartment(q, patientId, types);
  const total = others + 1;
  const pageResources = page.offset === 0 ? [patient.resource, ...resources] : resources;
  const nextOffset = page.offset + page.count;
  return {
    patientId,
    bundle: {
      resourceType: 'Bundle',
      type: 'searchset',
      total,
      link: [{ relation: 'self', url: urls.selfUrl(page.offset) }, ...(nextOffset < total ? [{ relation: 'next', url: urls.selfUrl(nextOffset) }] : [])],
      entry: pageResources.map((resource) => ({ fullUrl: `${urls.baseUrl}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'match' } })),
    },
  };
}

async function countCompartment(q: Queryable, patientId: string, types: readonly string[]): Promise<number> {
  const { rows } = await q.query<{ n: number | string }>(
    `SELECT count(*) AS n FROM resource WHERE patient_id = $1 AND NOT deleted AND NOT (resource_type = 'Patient' AND id = $1) AND resource_type = ANY($2::text[])`,
    [patientId, [...types]],
  );
  return Number(rows[0]?.n ?? 0);
}
