import type { Resource } from '@medplum/fhirtypes';
import type { Queryable } from '../db/database.js';

/**
 * Reading FHIR resources the way scheduling needs them: several at once, and locked when a
 * decision depends on them (a booking and a regeneration of the same slot wait for each other on
 * the Slot's row, so neither decides on a version the other is replacing).
 */
export type Stored<T extends Resource = Resource> = T & { id: string };

export function contentOf<T extends Resource>(content: unknown): Stored<T> {
  return (typeof content === 'string' ? JSON.parse(content) : content) as Stored<T>;
}

/** The current, not deleted, resources of one type with these ids, by id. */
export async function readMany<T extends Resource>(q: Queryable, resourceType: T['resourceType'], ids: readonly string[], lock = false): Promise<Map<string, Stored<T>>> {
  const found = new Map<string, Stored<T>>();
  const unique = [...new Set(ids)].sort();
  if (unique.length === 0) return found;
  const { rows } = await q.query<{ id: string; content: unknown }>(
    `SELECT id, content FROM resource WHERE resource_type = $1 AND id = ANY($2::text[]) AND NOT deleted ORDER BY id${lock ? ' FOR UPDATE' : ''}`,
    [resourceType, unique],
  );
  for (const row of rows) found.set(row.id, contentOf<T>(row.content));
  return found;
}

export async function readOne<T extends Resource>(q: Queryable, resourceType: T['resourceType'], id: string, lock = false): Promise<Stored<T> | undefined> {
  return (await readMany<T>(q, resourceType, [id], lock)).get(id);
}

/** Locks rows of resources (existing or deleted) in id order, so two writers never deadlock. */
export async function lockRows(q: Queryable, resourceType: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await q.query(`SELECT 1 FROM resource WHERE resource_type = $1 AND id = ANY($2::text[]) ORDER BY id FOR UPDATE`, [resourceType, [...new Set(ids)].sort()]);
}
