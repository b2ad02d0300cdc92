import type { Resource } from '@medplum/fhirtypes';
import type { Queryable } from '../../db/database.js';
import { extractIndexRows, type IndexRows } from './extract.js';

/**
 * Keeps the search_* tables in step with the current versions. Each call costs a fixed number of
 * statements whatever the batch size: one DELETE and one INSERT per table, the rows passed as
 * arrays and expanded with unnest() (no parameter-count limit, no SQL text per row). A bundle of
 * fifty resources is therefore eight round trips, not hundreds.
 */
const TABLES = ['search_token', 'search_string', 'search_date', 'search_reference'] as const;

export interface ResourceRef {
  resourceType: string;
  id: string;
}

/** Replaces the search-index rows of these resources (their current versions), in `tx`. Batched. */
export async function writeSearchIndex(tx: Queryable, resources: readonly Resource[]): Promise<void> {
  if (resources.length === 0) return;
  const refs = resources.map((resource) => {
    if (!resource.id) throw new Error(`writeSearchIndex: a ${resource.resourceType} without an id`);
    return { resourceType: resource.resourceType, id: resource.id };
  });
  await removeSearchIndex(tx, refs);

  const token = new Columns(5);
  const string = new Columns(5);
  const date = new Columns(5);
  const reference = new Columns(5);
  resources.forEach((resource, i) => {
    const { resourceType, id } = refs[i]!;
    const rows: IndexRows = extractIndexRows(resource);
    for (const r of rows.token) token.push(resourceType, id, r.param, r.system, r.code);
    for (const r of rows.string) string.push(resourceType, id, r.param, r.value, r.raw);
    for (const r of rows.date) date.push(resourceType, id, r.param, r.low, r.high);
    for (const r of rows.reference) reference.push(resourceType, id, r.param, r.targetType, r.targetId);
  });

  if (token.length)
    await tx.query(
      `INSERT INTO search_token (resource_type, id, param, system, code)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      token.arrays,
    );
  if (string.length)
    await tx.query(
      `INSERT INTO search_string (resource_type, id, param, value, raw)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      string.arrays,
    );
  if (date.length)
    await tx.query(
      `INSERT INTO search_date (resource_type, id, param, low, high)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])`,
      date.arrays,
    );
  if (reference.length)
    await tx.query(
      `INSERT INTO search_reference (resource_type, id, param, target_type, target_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      reference.arrays,
    );
}

/** Removes the index rows of these resources (deleted ones, or before re-indexing), in `tx`. */
export async function removeSearchIndex(tx: Queryable, refs: readonly ResourceRef[]): Promise<void> {
  if (refs.length === 0) return;
  const types = refs.map((r) => r.resourceType);
  const ids = refs.map((r) => r.id);
  for (const table of TABLES) {
    await tx.query(
      `DELETE FROM ${table} t USING unnest($1::text[], $2::text[]) AS doomed(resource_type, id)
       WHERE t.resource_type = doomed.resource_type AND t.id = doomed.id`,
      [types, ids],
    );
  }
}

/** Rows collected column by column, ready to bind as one array per column. */
class Columns {
  readonly arrays: unknown[][];
  constructor(width: number) {
    this.arrays = Array.from({ length: width }, () => []);
  }
  push(...values: unknown[]): void {
    values.forEach((value, i) => this.arrays[i]!.push(value));
  }
  get length(): number {
    return this.arrays[0]!.length;
  }
}
