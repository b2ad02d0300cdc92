import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { Database } from '../../../src-server/db/database.js';
import { writeResources } from '../../../src-server/fhir/write.js';
import { pool, timed } from './measure.js';
import { patientOf } from './records.js';

/**
 * Ingest through the REST API: the bundles of each stage posted `parallel` at a time, as
 * institutions' feeds would send them, a stage finished before the next starts. The bodies are
 * serialised before the clock starts so the figure is the server's.
 */
export async function ingestOverHttp(baseUrl: string, auth: Record<string, string>, stages: readonly (readonly Bundle[])[], parallel: number) {
  const bodies = stages.map((bundles) => bundles.map((bundle) => JSON.stringify(bundle)));
  const count = stages.flat().reduce((n, bundle) => n + (bundle.entry?.length ?? 0), 0);
  const { seconds } = await timed(async () => {
    for (const stage of bodies) {
      await pool(stage.length, parallel, async (i) => {
        const response = await fetch(`${baseUrl}/fhir`, { method: 'POST', headers: { ...auth, 'content-type': 'application/fhir+json', prefer: 'return=minimal' }, body: stage[i] });
        const answer = await response.text();
        if (response.status !== 200) throw new Error(`ingest refused: ${response.status} ${answer.slice(0, 300)}`);
      });
    }
  });
  return { count, seconds };
}

/**
 * The floor under any FHIR server: the same JSON, batched INSERT ... SELECT FROM unnest into a
 * table with just an id and a jsonb column, in batches of the same size and parallelism, no
 * validation, history, change log or search index.
 */
export async function rawInsert(db: Database, resources: readonly Resource[], batch: number, parallel: number) {
  await db.query('CREATE TABLE IF NOT EXISTS bench_raw_insert (id text PRIMARY KEY, content jsonb NOT NULL)');
  const texts = resources.map((resource) => JSON.stringify(resource));
  const batches = Math.ceil(texts.length / batch);
  const { seconds } = await timed(() =>
    pool(batches, parallel, async (b) => {
      const slice = texts.slice(b * batch, (b + 1) * batch);
      await db.query('INSERT INTO bench_raw_insert (id, content) SELECT gen_random_uuid()::text, c::jsonb FROM unnest($1::text[]) AS c', [slice]);
    }),
  );
  return { count: texts.length, seconds };
}

/** Fills the store to `total` patients directly through the write path (setup for search, not measured). */
export async function fillPatients(db: Database, from: number, total: number, batch = 1000): Promise<void> {
  for (let start = from; start < total; start += batch) {
    const end = Math.min(start + batch, total);
    const operations = Array.from({ length: end - start }, (_, i) => ({ kind: 'create' as const, resource: { ...patientOf(start + i), id: `bench-${start + i}` } }));
    await db.transaction((tx) => writeResources(tx, operations, new Date()));
  }
}
