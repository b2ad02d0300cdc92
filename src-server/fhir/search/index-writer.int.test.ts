import type { Patient, Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/central.js';
import type { Database } from '../../db/database.js';
import { removeSearchIndex, writeSearchIndex } from './index-writer.js';

describe('search index writer', () => {
  let testDb: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await testDb.open();
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  const patient: Patient = {
    resourceType: 'Patient',
    id: 'p1',
    identifier: [{ system: 'https://medkarta.by/fhir/sid/personal-number', value: '3010190A001PB1' }],
    name: [{ family: 'Ковалёва', given: ['Анна', 'Петровна'] }],
    birthDate: '1990-01-01',
    gender: 'female',
  };
  const observation: Observation = {
    resourceType: 'Observation',
    id: 'o1',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '718-7' }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: '2024-05-10T09:30:00+03:00',
  };

  const rowsOf = async (id: string) => {
    const count = async (table: string) =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE id = $1`, [id])).rows[0]!.n;
    return { token: await count('search_token'), string: await count('search_string'), date: await count('search_date'), reference: await count('search_reference') };
  };

  it('writes rows of every kind in one batch and replaces them on re-index', async () => {
    await db.transaction((tx) => writeSearchIndex(tx, [patient, observation]));
    expect(await rowsOf('p1')).toEqual({ token: 2, string: 6, date: 1, reference: 0 });
    expect(await rowsOf('o1')).toEqual({ token: 2, string: 0, date: 1, reference: 1 });
    const keys = await db.query<{ param: string; value: string; raw: string }>(
      `SELECT param, value, raw FROM search_string WHERE id = 'p1' AND param = 'family'`,
    );
    expect(keys.rows).toEqual([{ param: 'family', value: 'kovaleva', raw: 'Ковалёва' }]);

    await db.transaction((tx) => writeSearchIndex(tx, [{ ...patient, name: [{ family: 'Ivanova' }] }]));
    expect(await rowsOf('p1')).toEqual({ token: 2, string: 2, date: 1, reference: 0 });
  });

  it('removes the rows of deleted resources', async () => {
    await db.transaction((tx) => removeSearchIndex(tx, [{ resourceType: 'Observation', id: 'o1' }]));
    expect(await rowsOf('o1')).toEqual({ token: 0, string: 0, date: 0, reference: 0 });
    expect((await rowsOf('p1')).token).toBe(2);
  });
});
