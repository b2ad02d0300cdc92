import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePersonalNumber } from '../../../shared/domain/personal-number.js';
import { OperationOutcomeError } from '../../../shared/fhir/outcomes.js';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/central.js';
import type { Database } from '../../db/database.js';
import { searchResources, type SearchQuery } from './search.js';
import { storeForSearch } from './testing.js';

let testDb: TestDatabase;
let db: Database;

const person = (id: string, family: string, given: string[], birthDate: string, gender: 'male' | 'female', sequence: number): Patient => ({
  resourceType: 'Patient',
  id,
  identifier: [{ system: SYSTEMS.personalNumber, value: makePersonalNumber(birthDate, gender, 'H', sequence) }],
  name: [{ family, given }],
  birthDate,
  gender,
});

const PEOPLE: Patient[] = [
  person('p-ivanov', 'Иванов', ['Иван', 'Петрович'], '1984-03-12', 'male', 1),
  person('p-ivanova', 'Иванова', ['Мария'], '1990-07-01', 'female', 2),
  person('p-ivanov-2', 'ИВАНОВ', ['Пётр'], '1990-12-31', 'male', 3),
  person('p-korolev', 'Королёв', ['Фёдор'], '1957-11-02', 'male', 4),
  person('p-ivanou', 'Іваноў', ['Янка'], '2001-01-15', 'male', 5),
  person('p-smith', 'Smith', ['Anna'], '1991-02-01', 'female', 6),
  person('p-petrov', 'Петров', ['Иван'], '1975-05-05', 'male', 7),
];

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await testDb.open();
  await storeForSearch(db, PEOPLE);
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

const search = (query: SearchQuery) => searchResources(db, 'Patient', query, { baseUrl: 'http://central/fhir' });
const ids = async (query: SearchQuery) => (await search(query)).bundle.entry!.map((e) => e.resource!.id).sort();
const refusal = async (query: SearchQuery) => {
  const error = await search(query).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(OperationOutcomeError);
  return error as OperationOutcomeError;
};

describe('Patient search by name', () => {
  it('finds by family prefix, whatever the case and the alphabet', async () => {
    expect(await ids({ family: 'Иванов' })).toEqual(['p-ivanou', 'p-ivanov', 'p-ivanov-2', 'p-ivanova']);
    expect(await ids({ family: 'ivanov' })).toEqual(['p-ivanou', 'p-ivanov', 'p-ivanov-2', 'p-ivanova']);
    expect(await ids({ family: 'ИВА' })).toEqual(['p-ivanou', 'p-ivanov', 'p-ivanov-2', 'p-ivanova']);
    expect(await ids({ family: 'Ivanou' })).toEqual(['p-ivanou', 'p-ivanov', 'p-ivanov-2', 'p-ivanova']);
    expect(await ids({ family: 'smi' })).toEqual(['p-smith']);
    expect(await ids({ family: 'Смит' })).toEqual(['p-smith']);
  });

  it('treats ё as е in both directions', async () => {
    expect(await ids({ family: 'Королев' })).toEqual(['p-korolev']);
    expect(await ids({ given: 'Федор' })).toEqual(['p-korolev']);
    expect(await ids({ given: 'Петр' })).toEqual(['p-ivanov', 'p-ivanov-2']); // Пётр, and Петрович by prefix
  });

  it('name matches any part; each word of a value must match a word of its own, commas are alternatives', async () => {
    expect(await ids({ name: 'Иван' })).toEqual(['p-ivanou', 'p-ivanov', 'p-ivanov-2', 'p-ivanova', 'p-petrov']);
    expect(await ids({ name: 'Иванов Иван' })).toEqual(['p-ivanov']);
    // Петрович starts with Petrov: a prefix search finds the patronymic too.
    expect(await ids({ name: 'Petrov Ivan' })).toEqual(['p-ivanov', 'p-petrov']);
    expect(await ids({ name: 'Иванов Иван,Smith' })).toEqual(['p-ivanov', 'p-smith']);
    expect(await ids({ given: 'Иван' })).toEqual(['p-ivanov', 'p-petrov']);
  });

  it('repeated parameters are all required', async () => {
    expect(await ids({ family: 'Иванов', given: 'Мар' })).toEqual(['p-ivanova']);
    expect(await ids({ name: ['Иванов', 'Пётр'] })).toEqual(['p-ivanov', 'p-ivanov-2']);
  });

  it(':exact compares the whole original spelling', async () => {
    expect(await ids({ 'family:exact': 'Иванов' })).toEqual(['p-ivanov']);
    expect(await ids({ 'family:exact': 'ИВАНОВ' })).toEqual(['p-ivanov-2']);
    expect(await ids({ 'family:exact': 'Иван' })).toEqual([]);
  });
});

describe('Patient search by identifier, birthdate and gender', () => {
  const number = PEOPLE[1]!.identifier![0]!.value!;

  it('finds by system|value, by value alone, and as a registrar types it', async () => {
    expect(await ids({ identifier: `${SYSTEMS.personalNumber}|${number}` })).toEqual(['p-ivanova']);
    expect(await ids({ identifier: number })).toEqual(['p-ivanova']);
    expect(await ids({ identifier: ` ${number.toLowerCase().slice(0, 7)} ${number.slice(7).toLowerCase()}` })).toEqual(['p-ivanova']);
    expect(await ids({ identifier: `http://other.system|${number}` })).toEqual([]);
    expect(await ids({ identifier: `${SYSTEMS.personalNumber}|` })).toHaveLength(PEOPLE.length);
  });

  it('compares birth dates as ranges with prefixes', async () => {
    expect(await ids({ birthdate: '1990' })).toEqual(['p-ivanov-2', 'p-ivanova']);
    expect(await ids({ birthdate: '1990-07' })).toEqual(['p-ivanova']);
    expect(await ids({ birthdate: 'eq1990-07-01' })).toEqual(['p-ivanova']);
    expect(await ids({ birthdate: 'ge1990-07-01' })).toEqual(['p-ivanou', 'p-ivanov-2', 'p-ivanova', 'p-smith']);
    expect(await ids({ birthdate: 'gt1990-07-01' })).toEqual(['p-ivanou', 'p-ivanov-2', 'p-smith']);
    expect(await ids({ birthdate: 'lt1984-03-12' })).toEqual(['p-korolev', 'p-petrov']);
    expect(await ids({ birthdate: 'le1984-03-12' })).toEqual(['p-ivanov', 'p-korolev', 'p-petrov']);
    expect(await ids({ birthdate: ['ge1980', 'lt1991'] })).toEqual(['p-ivanov', 'p-ivanov-2', 'p-ivanova']);
    expect(await ids({ birthdate: 'ne1990' })).toHaveLength(PEOPLE.length - 2);
  });

  it('finds by gender, combined with a name', async () => {
    expect(await ids({ gender: 'female' })).toEqual(['p-ivanova', 'p-smith']);
    expect(await ids({ gender: 'male', family: 'Иванов' })).toEqual(['p-ivanou', 'p-ivanov', 'p-ivanov-2']);
    expect(await ids({ _id: 'p-smith,p-petrov' })).toEqual(['p-petrov', 'p-smith']);
  });
});

describe('search refusals name the parameter', () => {
  it('an unknown parameter is a 400 naming it', async () => {
    const error = await refusal({ nickname: 'x' });
    expect(error.status).toBe(400);
    expect(error.outcome.issue![0]!.details!.text).toContain("'nickname'");
    expect(error.outcome.issue![0]!.expression).toEqual(['nickname']);
  });

  it('malformed values are 400s, never SQL', async () => {
    for (const query of [{ family: "' OR 1=1--" }, { name: '<script>' }, { identifier: "x' OR '1'='1" }, { birthdate: "1990' OR 1=1--" }, { birthdate: 'xx1990' }, { _count: '1e9' }, { _sort: 'gender' }, { family: '!!!' }, { gender: 'a\u0000b' }, { _cursor: 'nope!' }, { 'name:contains': 'x' }]) {
      expect((await refusal(query)).status, JSON.stringify(query)).toBe(400);
    }
    expect(await ids({ family: "O'Brien" })).toEqual([]); // an apostrophe belongs in names
  });
});
