import type { Resource } from '@medplum/fhirtypes';
import type { Queryable } from '../db/database.js';
import { prepared } from '../db/prepared.js';
import { extractIndexRows } from './search/extract.js';
import type { Writer } from './write.js';

/**
 * Stores a batch of versions in ONE statement: the current rows, the history, the change log, the
 * search index (old rows of rewritten resources out, new rows in) and the personal-number claims,
 * as data-modifying CTEs over one JSON parameter. A 50-resource transaction bundle is therefore one
 * round trip and one parse of its data on the server, whatever the mix of types.
 *
 * The CTEs all see the snapshot from before the statement: deleting the old index rows of a
 * resource and inserting its new ones in the same statement is safe (the DELETE cannot see the
 * rows the INSERT adds). Releasing personal numbers is the exception (an INSERT ... ON CONFLICT
 * would still see the released row), so the caller does that first, in its own statement.
 */
export interface VersionToStore {
  resourceType: string;
  id: string;
  versionId: number;
  lastUpdated: string;
  deleted: boolean;
  patientId: string | undefined;
  /** The content to keep (the resource, or the tombstone of a deletion). */
  content: Resource;
  /** The live resource to index (absent for a deletion). */
  indexed?: Resource | undefined;
}

export interface StoreBatch {
  versions: readonly VersionToStore[];
  /** Resources that existed before: their index rows are replaced (or dropped, when deleted). */
  reindexed: readonly { resourceType: string; id: string }[];
  /** Personal numbers to claim for Patients: the unique constraints decide who gets one. */
  claims: readonly { number: string; patientId: string }[];
  /** Whether any version overwrites an existing current row. */
  overwrites: boolean;
  /** Who wrote every version of the batch, kept with each in resource_history (absent: Central itself). */
  writer?: Writer | undefined;
}

const INDEX_TABLES = ['search_token', 'search_string', 'search_date', 'search_reference'] as const;

/** Runs the statement; answers how many of the claims were granted (fewer than asked: a number is taken). */
export async function storeBatch(tx: Queryable, batch: StoreBatch): Promise<number> {
  const payload = {
    rows: batch.versions.map((v) => ({ t: v.resourceType, i: v.id, v: v.versionId, u: v.lastUpdated, d: v.deleted, p: v.patientId ?? null, c: v.content })),
    stale: batch.reindexed.map((r) => ({ t: r.resourceType, i: r.id })),
    token: [] as object[],
    string: [] as object[],
    date: [] as object[],
    reference: [] as object[],
    claims: batch.claims.map((c) => ({ n: c.number, i: c.patientId })),
    writer: { s: batch.writer?.subject ?? null, o: batch.writer?.organizationId ?? null },
  };
  for (const version of batch.versions) {
    if (!version.indexed) continue;
    const { resourceType: t, id: i } = version;
    const rows = extractIndexRows(version.indexed);
    for (const r of rows.token) payload.token.push({ t, i, p: r.param, s: r.system, c: r.code });
    for (const r of rows.string) payload.string.push({ t, i, p: r.param, v: r.value, r: r.raw });
    for (const r of rows.date) payload.date.push({ t, i, p: r.param, l: r.low, h: r.high });
    for (const r of rows.reference) payload.reference.push({ t, i, p: r.param, tt: r.targetType, ti: r.targetId });
  }
  const { rows } = await tx.query<{ claimed: number }>(statementFor(batch), [JSON.stringify(payload)]);
  return Number(rows[0]?.claimed ?? 0);
}

/** The statement's text has four shapes (overwrites or not, reindexing or not), each prepared once per connection. */
function statementFor(batch: StoreBatch): string {
  return prepared(statementText(batch));
}

function statementText(batch: StoreBatch): string {
  const ctes = [
    `input AS (SELECT * FROM jsonb_to_recordset($1::jsonb -> 'rows') AS x(t text, i text, v int, u timestamptz, d boolean, p text, c jsonb))`,
    `current_rows AS (INSERT INTO resource (resource_type, id, version_id, last_updated, deleted, patient_id, content)
       SELECT t, i, v, u, d, p, c FROM input
       ${batch.overwrites ? `ON CONFLICT (resource_type, id) DO UPDATE SET version_id = EXCLUDED.version_id, last_updated = EXCLUDED.last_updated,
         deleted = EXCLUDED.deleted, patient_id = EXCLUDED.patient_id, content = EXCLUDED.content` : ''})`,
    `history_rows AS (INSERT INTO resource_history (resource_type, id, version_id, last_updated, deleted, content, written_by, written_by_org)
       SELECT t, i, v, u, d, c, $1::jsonb #>> '{writer,s}', $1::jsonb #>> '{writer,o}' FROM input)`,
    `change_rows AS (INSERT INTO change_log (resource_type, id, version_id, deleted, patient_id) SELECT t, i, v, d, p FROM input)`,
    `token_rows AS (INSERT INTO search_token (resource_type, id, param, system, code)
       SELECT t, i, p, s, c FROM jsonb_to_recordset($1::jsonb -> 'token') AS x(t text, i text, p text, s text, c text))`,
    `string_rows AS (INSERT INTO search_string (resource_type, id, param, value, raw)
       SELECT t, i, p, v, r FROM jsonb_to_recordset($1::jsonb -> 'string') AS x(t text, i text, p text, v text, r text))`,
    `date_rows AS (INSERT INTO search_date (resource_type, id, param, low, high)
       SELECT t, i, p, l, h FROM jsonb_to_recordset($1::jsonb -> 'date') AS x(t text, i text, p text, l timestamptz, h timestamptz))`,
    `reference_rows AS (INSERT INTO search_reference (resource_type, id, param, target_type, target_id)
       SELECT t, i, p, tt, ti FROM jsonb_to_recordset($1::jsonb -> 'reference') AS x(t text, i text, p text, tt text, ti text))`,
    `claimed AS (INSERT INTO patient_personal_number (personal_number, patient_id)
       SELECT n, i FROM jsonb_to_recordset($1::jsonb -> 'claims') AS x(n text, i text) ON CONFLICT DO NOTHING RETURNING 1)`,
  ];
  if (batch.reindexed.length > 0) {
    ctes.push(`stale AS (SELECT * FROM jsonb_to_recordset($1::jsonb -> 'stale') AS x(t text, i text))`);
    INDEX_TABLES.forEach((table, n) => ctes.push(`stale_${n} AS (DELETE FROM ${table} s USING stale WHERE s.resource_type = stale.t AND s.id = stale.i)`));
  }
  return `WITH ${ctes.join(',\n')}\nSELECT count(*)::int AS claimed FROM claimed`;
}
