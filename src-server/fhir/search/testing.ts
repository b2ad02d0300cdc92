import type { Resource } from '@medplum/fhirtypes';
import type { Queryable } from '../../db/database.js';
import { parseReference } from './extract.js';
import { writeSearchIndex } from './index-writer.js';

/**
 * For the search tests only: stores resources the way the repository does (a current row in
 * `resource`, then the index rows) in one transaction, without depending on the repository module.
 * `meta.lastUpdated` is honoured so tests can control ordering; otherwise now().
 */
export async function storeForSearch(db: { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> }, resources: readonly Resource[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO resource (resource_type, id, version_id, last_updated, deleted, patient_id, content)
       SELECT t, i, 1, coalesce(u, now()), false, p, c
       FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::jsonb[]) AS x(t, i, u, p, c)
       ON CONFLICT (resource_type, id) DO UPDATE
         SET version_id = resource.version_id + 1, last_updated = excluded.last_updated, deleted = false,
             patient_id = excluded.patient_id, content = excluded.content`,
      [
        resources.map((r) => r.resourceType),
        resources.map((r) => r.id),
        resources.map((r) => r.meta?.lastUpdated ?? null),
        resources.map(compartmentPatient),
        resources.map((r) => JSON.stringify(r)),
      ],
    );
    await writeSearchIndex(tx, resources);
  });
}

/** Marks resources deleted, as the repository does (the index rows go too). */
export async function deleteForSearch(db: { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> }, refs: readonly { resourceType: string; id: string }[]): Promise<void> {
  const { removeSearchIndex } = await import('./index-writer.js');
  await db.transaction(async (tx) => {
    for (const ref of refs) await tx.query(`UPDATE resource SET deleted = true WHERE resource_type = $1 AND id = $2`, [ref.resourceType, ref.id]);
    await removeSearchIndex(tx, refs);
  });
}

function compartmentPatient(resource: Resource): string | null {
  if (resource.resourceType === 'Patient') return resource.id ?? null;
  const holder = resource as { subject?: { reference?: string }; patient?: { reference?: string } };
  const ref = holder.subject?.reference ?? holder.patient?.reference;
  const parsed = ref ? parseReference(ref) : undefined;
  return parsed?.targetType === 'Patient' ? parsed.targetId : null;
}
