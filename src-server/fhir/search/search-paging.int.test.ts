import type { Bundle, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperationOutcomeError } from '../../../shared/fhir/outcomes.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/central.js';
import type { Database } from '../../db/database.js';
import { searchResources, type SearchQuery } from './search.js';
import { deleteForSearch, storeForSearch } from './testing.js';

let testDb: TestDatabase;
let db: Database;

const FAMILIES = ['Абрамович', 'Бондарь', 'Васильев', 'Гончар', 'Дубовик'];
/** 25 patients: five families, birth years 1970-1994, stored a minute apart from 2024-01-01. */
const patients: Patient[] = Array.from({ length: 25 }, (_, i) => ({
  resourceType: 'Patient',
  id: `pg-${String(i).padStart(2, '0')}`,
  meta: { lastUpdated: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString() },
  name: [{ family: FAMILIES[i % 5], given: [`Имя${i}`] }],
  birthDate: `${1970 + i}-06-15`,
  gender: i % 2 ? 'female' : 'male',
}));

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await testDb.open();
  await storeForSearch(db, patients);
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

const search = (query: SearchQuery) => searchResources(db, 'Patient', query, { baseUrl: 'http://central/fhir' });
const idsOf = (bundle: Bundle) => bundle.entry!.map((e) => e.resource!.id!);
const link = (bundle: Bundle, relation: string) => bundle.link?.find((l) => l.relation === relation)?.url;
const queryOf = (url: string): SearchQuery => Object.fromEntries(new URL(url).searchParams);

/** Follows next links from a first query, returning every page's ids. */
async function allPages(query: SearchQuery): Promise<string[][]> {
  const pages: string[][] = [];
  let bundle = (await search(query)).bundle;
  for (;;) {
    pages.push(idsOf(bundle));
    const next = link(bundle, 'next');
    if (!next) return pages;
    bundle = (await search(queryOf(next))).bundle;
  }
}

describe('search paging', () => {
  it('pages with _count and next links through every match once, with the total on each page', async () => {
    const first = await search({ _count: '10' });
    expect(first.bundle.total).toBe(25);
    expect(link(first.bundle, 'self')).toBe('http://central/fhir/Patient?_count=10');
    expect(link(first.bundle, 'next')).toMatch(/^http:\/\/central\/fhir\/Patient\?_count=10&_cursor=[\w-]+$/);
    const pages = await allPages({ _count: '10' });
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(patients.map((p) => p.id));
  });

  it('does not drift when rows before the cursor come and go between pages', async () => {
    const first = (await search({ _count: '5', gender: 'male' })).bundle;
    await deleteForSearch(db, [{ resourceType: 'Patient', id: 'pg-00' }]);
    await storeForSearch(db, [{ resourceType: 'Patient', id: 'pg-000', gender: 'male' }]);
    const second = (await search(queryOf(link(first, 'next')!))).bundle;
    // An offset would now skip pg-10 (one row fewer before it) or repeat one; the cursor does neither.
    expect(idsOf(first)).toEqual(['pg-00', 'pg-02', 'pg-04', 'pg-06', 'pg-08']);
    expect(idsOf(second)).toEqual(['pg-10', 'pg-12', 'pg-14', 'pg-16', 'pg-18']);
    const previous = (await search(queryOf(link(second, 'previous')!))).bundle;
    expect(idsOf(previous)).toEqual(['pg-000', 'pg-02', 'pg-04', 'pg-06', 'pg-08']);
    await deleteForSearch(db, [{ resourceType: 'Patient', id: 'pg-000' }]);
    await storeForSearch(db, [patients[0]!]);
  });

  it('sorts by one key, descending, and by several keys, paging in that order', async () => {
    const byBirth = await allPages({ _sort: '-birthdate', _count: '7' });
    expect(byBirth.flat()).toEqual(patients.map((p) => p.id).reverse());

    const byFamily = (await allPages({ _sort: 'family,-birthdate', _count: '4' })).flat();
    const expected = [...patients].sort((a, b) => FAMILIES.indexOf(a.name![0]!.family!) - FAMILIES.indexOf(b.name![0]!.family!) || b.birthDate!.localeCompare(a.birthDate!));
    expect(byFamily).toEqual(expected.map((p) => p.id));

    const byUpdated = (await search({ _sort: '-_lastUpdated', _count: '3' })).bundle;
    expect(idsOf(byUpdated)).toEqual(['pg-24', 'pg-23', 'pg-22']);
  });

  it('puts resources without the sort value last, in both directions', async () => {
    await storeForSearch(db, [{ resourceType: 'Patient', id: 'pg-nobirth', gender: 'other' }]);
    expect((await allPages({ _sort: 'birthdate', _count: '6' })).flat().at(-1)).toBe('pg-nobirth');
    expect((await allPages({ _sort: '-birthdate', _count: '6' })).flat().at(-1)).toBe('pg-nobirth');
    await deleteForSearch(db, [{ resourceType: 'Patient', id: 'pg-nobirth' }]);
  });

  it('filters on _lastUpdated with prefixes', async () => {
    const count = async (value: string | string[]) => (await search({ _lastUpdated: value, _summary: 'count' })).bundle.total;
    expect(await count('2024-01-01T00:05:00Z')).toBe(1);
    expect(await count('ge2024-01-01T00:05:00Z')).toBe(20);
    expect(await count('gt2024-01-01T00:05:00Z')).toBe(19);
    expect(await count('lt2024-01-01T00:05:00Z')).toBe(5);
    expect(await count('le2024-01-01T00:05:00Z')).toBe(6);
    expect(await count('eq2024-01-01')).toBe(25);
    expect(await count(['ge2024-01-01T00:10:00Z', 'lt2024-01-01T00:12:00Z'])).toBe(2);
  });

  it('_total, _summary=count, _count=0 and _elements shape the answer', async () => {
    expect((await search({ _count: '5', _total: 'none' })).bundle.total).toBeUndefined();
    const summary = (await search({ _summary: 'count', gender: 'female' })).bundle;
    expect(summary.total).toBe(12);
    expect(summary.entry).toEqual([]);
    expect((await search({ _count: '0' })).bundle).toMatchObject({ total: 25, entry: [] });

    const subset = (await search({ _elements: 'birthDate', _count: '1' })).bundle.entry![0]!.resource as Patient;
    expect(Object.keys(subset).sort()).toEqual(['birthDate', 'id', 'meta', 'resourceType']);
    expect(subset.meta?.tag).toEqual([expect.objectContaining({ code: 'SUBSETTED' })]);
  });

  it('caps a huge _count and refuses cursors it did not give out', async () => {
    expect(idsOf((await search({ _count: '999999999' })).bundle)).toHaveLength(25);
    const next = link((await search({ _count: '2', _sort: 'family' })).bundle, 'next')!;
    const cursor = queryOf(next)._cursor as string;
    for (const query of [{ _cursor: cursor }, { _cursor: cursor.slice(0, -3) }, { _cursor: 'x'.repeat(5000) }, { _cursor: Buffer.from('["a",["2024-01-01 junk"],"x"]').toString('base64url'), _sort: 'birthdate' }]) {
      const error = await search(query).then(() => undefined, (e: unknown) => e);
      expect(error, JSON.stringify(query)).toBeInstanceOf(OperationOutcomeError);
      expect((error as OperationOutcomeError).status).toBe(400);
    }
  });
});
