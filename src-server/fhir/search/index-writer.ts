import type { Resource } from '@medplum/fhirtypes';
import type { Queryable } from '../../db/database.js';

// CONTRACT (owned by the search module; replaced by its implementation):
/** Replaces the search-index rows of these resources (their current versions), in `tx`. Batched. */
export async function writeSearchIndex(_tx: Queryable, _resources: readonly Resource[]): Promise<void> {
  throw new Error('search index not implemented yet');
}

/** Removes the index rows of deleted resources, in `tx`. */
export async function removeSearchIndex(_tx: Queryable, _refs: readonly { resourceType: string; id: string }[]): Promise<void> {
  throw new Error('search index not implemented yet');
}
