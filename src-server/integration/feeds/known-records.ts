import type { Queryable } from '../../db/database.js';

/** What an institution's key became in Central, and a hash of what was last written for it. */
export interface KnownRecord {
  reference: string;
  hash: string;
}

export async function loadKnownRecords(tx: Queryable, organizationId: string, keys: readonly string[]): Promise<Map<string, KnownRecord>> {
  const known = new Map<string, KnownRecord>();
  if (keys.length === 0) return known;
  const { rows } = await tx.query<{ source_key: string; resource_type: string; resource_id: string; content_hash: string }>(
    `SELECT source_key, resource_type, resource_id, content_hash FROM feed_source_record WHERE organization_id = $1 AND source_key = ANY($2::text[])`,
    [organizationId, keys],
  );
  for (const row of rows) known.set(row.source_key, { reference: `${row.resource_type}/${row.resource_id}`, hash: row.content_hash });
  return known;
}

/** Which of these Type/id references name live resources in Central. */
export async function existingReferences(tx: Queryable, references: readonly string[]): Promise<Set<string>> {
  if (references.length === 0) return new Set();
  const split = references.map((reference) => reference.split('/') as [string, string]);
  const { rows } = await tx.query<{ reference: string }>(
    `SELECT r.resource_type || '/' || r.id AS reference FROM resource r JOIN unnest($1::text[], $2::text[]) AS k(t, i) ON r.resource_type = k.t AND r.id = k.i WHERE NOT r.deleted`,
    [split.map(([type]) => type), split.map(([, id]) => id)],
  );
  return new Set(rows.map((row) => row.reference));
}

export interface SourceRecordWrite {
  key: string;
  resourceType: string;
  resourceId: string;
  hash: string;
}

export async function saveSourceRecords(tx: Queryable, organizationId: string, submissionId: string, written: readonly SourceRecordWrite[], now: Date): Promise<void> {
  // One row per key (an identifier two records share leads to the later one), as one statement must.
  const records = [...new Map(written.map((record) => [record.key, record])).values()];
  if (records.length === 0) return;
  await tx.query(
    `INSERT INTO feed_source_record (organization_id, source_key, resource_type, resource_id, content_hash, submission_id, updated_at)
     SELECT $1, k, t, i, h, $2, $3 FROM unnest($4::text[], $5::text[], $6::text[], $7::text[]) AS x(k, t, i, h)
     ON CONFLICT (organization_id, source_key) DO UPDATE SET resource_type = EXCLUDED.resource_type, resource_id = EXCLUDED.resource_id,
       content_hash = EXCLUDED.content_hash, submission_id = EXCLUDED.submission_id, updated_at = EXCLUDED.updated_at`,
    [organizationId, submissionId, now.toISOString(), records.map((r) => r.key), records.map((r) => r.resourceType), records.map((r) => r.resourceId), records.map((r) => r.hash)],
  );
}
