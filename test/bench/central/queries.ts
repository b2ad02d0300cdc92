import { demoPerson } from '../../../src-server/demo/people.js';
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
 * Name search latency over the whole population, as a registrar types: a surname prefix of three
 * letters to the full surname, sometimes with the given name, in Cyrillic or Latin.
 */
export function nameQueries(population: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const person = demoPerson((i * 104_729) % population);
    const cut = 3 + (i % Math.max(1, person.family.length - 2));
    const family = person.family.slice(0, cut);
    switch (i % 4) {
      case 0:
        return `name=${encodeURIComponent(family)}`;
      case 1:
        return `family=${encodeURIComponent(person.family)}&given=${encodeURIComponent(person.given.slice(0, 3))}`;
      case 2:
        return `name=${encodeURIComponent(`${person.family} ${person.given}`)}`;
      default:
        return `name=${encodeURIComponent(family)}&birthdate=ge1960&_sort=family,given`;
    }
  });
}

export async function searchLatencies(baseUrl: string, auth: Record<string, string>, queries: readonly string[]): Promise<{ samples: number[]; matches: number[] }> {
  const matches: number[] = [];
  const samples = await latencies(queries.length, async (i) => {
    const response = await fetch(`${baseUrl}/fhir/Patient?${queries[i]}`, { headers: auth });
    const bundle = (await response.json()) as { total?: number };
    if (response.status !== 200) throw new Error(`search failed: ${response.status} ${JSON.stringify(bundle).slice(0, 200)}`);
    matches.push(bundle.total ?? 0);
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
