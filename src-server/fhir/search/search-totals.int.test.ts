import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/central.js';
import type { Database } from '../../db/database.js';
import { COUNT_CAP, searchResources, type SearchQuery } from './search.js';
import { storeForSearch } from './testing.js';

let testDb: TestDatabase;
let db: Database;
const MANY = COUNT_CAP + 10;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await testDb.open();
  const patients: Patient[] = Array.from({ length: MANY }, (_, i) => ({ resourceType: 'Patient', id: `many-${i}`, name: [{ family: 'Многов' }], gender: i < MANY - 5 ? 'male' : 'female' }));
  await storeForSearch(db, patients);
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

const total = async (query: SearchQuery) => (await searchResources(db, 'Patient', { _count: '5', ...query }, { baseUrl: 'http://central/fhir' })).bundle.total;

describe('search totals', () => {
  it('counts exactly when one index lookup answers, however many match', async () => {
    expect(await total({ family: 'Многов' })).toBe(MANY);
  });

  it('past the cap, leaves out a total that would need joining, unless _total=accurate or _summary=count asks', async () => {
    expect(await total({ family: 'Многов', gender: 'male' })).toBeUndefined();
    expect(await total({ family: 'Многов', gender: 'male', _total: 'accurate' })).toBe(MANY - 5);
    expect(await total({ family: 'Многов', gender: 'male', _summary: 'count' })).toBe(MANY - 5);
    expect(await total({ family: 'Многов', gender: 'female' })).toBe(5);
    expect(await total({ _lastUpdated: 'ge2000-01-01', gender: 'female' })).toBe(5);
  });
});
