import { demoPerson } from '../../../src-server/demo/people.js';
import type { Queryable } from '../../../src-server/db/database.js';
import { readChanges } from '../../../src-server/fhir/changes.js';
import { COUNT_CAP } from '../../../src-server/fhir/search/search.js';
import { latencies, timed } from './measure.js';

/** Read latency: GET /fhir/Patient/{id}, one request at a time (each also writes its AuditEvent). */
export async function readLatencies(baseUrl: string, auth: Record<string, string>, ids: readonly string[], count: number): Promise<number[]> {
  return latencies(count, async (i) => {
    const response = await fetch(`${baseUrl}/fhir/Patient/${ids[(i * 7919) % ids.length]}`, { headers: auth });
    if (response.status !== 200) throw new Error(`read failed: ${response.status}`);
    await response.arrayBuffer();
  });
}

/**
 * Name searches over the whole population, as a registrar types them: a surname prefix of three
 * letters up to the full surname, surname and the start of the given name, the full name, or a
 * surname prefix with a birth-year bound. `sorted` adds `_sort=family,given`, which must fetch the
 * sort keys of every match and is reported on its own line.
 */
export function nameQueries(population: number, count: number, sorted = false): string[] {
  return Array.from({ length: count }, (_, i) => {
    const person = demoPerson((i * 104_729 + (sorted ? 17 : 0)) % population);
    const cut = 3 + (i % Math.max(1, person.family.length - 2));
    const family = person.family.slice(0, cut);
    const query = [
      `name=${encodeURIComponent(family)}`,
      `family=${encodeURIComponent(person.family)}&given=${encodeURIComponent(person.given.slice(0, 3))}`,
      `name=${encodeURIComponent(`${person.family} ${person.given}`)}`,
      `name=${encodeURIComponent(family)}&birthdate=ge${person.birthDate.slice(0, 4)}`,
    ][i % 4]!;
    return sorted ? `${query}&_sort=family,given` : query;
  });
}

export async function searchLatencies(baseUrl: string, auth: Record<string, string>, queries: readonly string[]): Promise<{ samples: number[]; matches: number[] }> {
  const matches: number[] = [];
  const samples = await latencies(queries.length, async (i) => {
    const response = await fetch(`${baseUrl}/fhir/Patient?${queries[i]}`, { headers: auth });
    const bundle = (await response.json()) as { total?: number };
    if (response.status !== 200) throw new Error(`search failed: ${response.status} ${JSON.stringify(bundle).slice(0, 200)}`);
    matches.push(bundle.total ?? COUNT_CAP + 1); // no total: more than the cap
  });
  return { samples, matches };
}

/** Reads the change feed from the start, 1000 changes a page, resources included, as a workstation does. */
export async function readFeed(baseUrl: string, auth: Record<string, string>, limit: number): Promise<{ count: number; seconds: number }> {
  let count = 0;
  const { seconds } = await timed(async () => {
    let cursor = '';
    while (count < limit) {
      const response = await fetch(`${baseUrl}/fhir/_changes?_count=1000${cursor ? `&cursor=${cursor}` : ''}`, { headers: auth });
      const page = (await response.json()) as { changes: unknown[]; nextCursor: string };
      if (response.status !== 200) throw new Error(`feed failed: ${response.status}`);
      if (page.changes.length === 0) return;
      count += page.changes.length;
      cursor = page.nextCursor;
    }
  });
  return { count, seconds };
}

/** The same feed read from the store directly (no HTTP, no audit): what the change log itself costs. */
export async function readFeedFromStore(db: Queryable, limit: number): Promise<{ count: number; seconds: number }> {
  let count = 0;
  const { seconds } = await timed(async () => {
    let cursor: string | undefined;
    while (count < limit) {
      const page = await readChanges(db, cursor, 1000);
      if (page.changes.length === 0) return;
      count += page.changes.length;
      cursor = page.nextCursor;
    }
  });
  return { count, seconds };
}
