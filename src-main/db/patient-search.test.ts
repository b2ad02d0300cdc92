import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePatient, type PatientSpec } from '../../test/fixtures/workstation/patients.js';
import { makeTempDir } from '../../test/fixtures/workstation/temp-dir.js';
import { makePersonalNumber } from '../../shared/domain/personal-number.js';
import { generateDatabaseKey } from '../keys/database-key.js';
import { LocalStore } from './local-store.js';
import { parseSearchText } from './search-query.js';

const people: PatientSpec[] = [
  { id: 'ivanov', family: 'Иванов', given: 'Иван', patronymic: 'Петрович', birthDate: '1980-02-03', gender: 'male', sequence: 11 },
  { id: 'ivanova', family: 'Иванова', given: 'Мария', patronymic: 'Ивановна', birthDate: '1985-07-21', gender: 'female', sequence: 12 },
  { id: 'ivanovsky', family: 'Ивановский', given: 'Олег', patronymic: 'Сергеевич', birthDate: '1990-11-30', gender: 'male', sequence: 13 },
  { id: 'ivashko', family: 'Ивашко', given: 'Наталья', birthDate: '1975-05-05', gender: 'female', sequence: 14 },
  { id: 'korolev', family: 'Королёв', given: 'Фёдор', patronymic: 'Алексеевич', birthDate: '1958-09-14', gender: 'male', sequence: 15 },
  {
    id: 'shcharbakou', family: 'Шчарбакоў', given: 'Язэп', patronymic: 'Рыгоравіч', birthDate: '1961-04-12', gender: 'male', sequence: 16,
    otherNames: [{ family: 'Щербаков', given: 'Иосиф', patronymic: 'Григорьевич' }],
  },
  { id: 'petrov-ivan', family: 'Петров', given: 'Иван', patronymic: 'Сидорович', birthDate: '1980-02-03', gender: 'male', sequence: 17 },
  { id: 'rimsky', family: 'Римский-Корсаков', given: 'Николай', patronymic: 'Андреевич', birthDate: '1944-03-18', gender: 'male', sequence: 18 },
];

let dir: ReturnType<typeof makeTempDir>;
let store: LocalStore;
beforeAll(() => {
  dir = makeTempDir();
  store = LocalStore.open(join(dir.path, 'store.db'), generateDatabaseKey());
  store.resources.upsertMany(people.map(makePatient));
});
afterAll(() => {
  store.close();
  dir.remove();
});

const ids = (text: string, limit?: number) => store.patients.search(text, limit).map((hit) => hit.id);

describe('patient search', () => {
  it('finds a surname typed in Russian, Latin or Belarusian, listing the exact surname first', () => {
    for (const typed of ['Иванов', 'Ivanov', 'ivanov', 'Іваноў', 'IVANOU']) {
      expect(ids(typed), typed).toEqual(['ivanov', 'ivanova', 'ivanovsky']);
    }
  });

  it('narrows as letters are typed', () => {
    expect(ids('И').sort()).toEqual(['ivanov', 'ivanova', 'ivanovsky', 'ivashko']);
    expect(ids('Ива').sort()).toEqual(['ivanov', 'ivanova', 'ivanovsky', 'ivashko']);
    expect(ids('Иваш')).toEqual(['ivashko']);
    expect(ids('Ivanovs')).toEqual(['ivanovsky']);
  });

  it('treats ё as е in both directions', () => {
    expect(ids('Королев')).toEqual(['korolev']);
    expect(ids('Королёв')).toEqual(['korolev']);
    expect(ids('Федор')).toEqual(['korolev']);
    expect(ids('Korolev Fedor')).toEqual(['korolev']);
  });

  it('finds any indexed spelling of a name: Belarusian, Russian, Latin', () => {
    expect(ids('Шчарбакоў')).toEqual(['shcharbakou']);
    expect(ids('Щербаков')).toEqual(['shcharbakou']);
    expect(ids('Язэп')).toEqual(['shcharbakou']);
  });

  it('needs every word to match, in any order, surname and given name or patronymic', () => {
    expect(ids('Иванов Иван')).toEqual(['ivanov']);
    expect(ids('Иван Иванов')).toEqual(['ivanov']);
    expect(ids('Ivanov Petr')).toEqual(['ivanov']);
    expect(ids('Иванов Олег')).toEqual(['ivanovsky']);
    expect(ids('Иванов Ольга')).toEqual([]);
  });

  it('completes a given name or patronymic only after a surname typed in full', () => {
    expect(ids('Иванов Пет')).toEqual(['ivanov']);
    expect(ids('Иванов И')).toEqual(['ivanov']);
    expect(ids('Korolev F')).toEqual(['korolev']);
    // "Петров" is Petrov's surname and the beginning of Ivanov's patronymic: alone it is a surname.
    expect(ids('Петров')).toEqual(['petrov-ivan']);
    // Initials beside a second spelling or a part of a double surname.
    expect(ids('Щербаков И')).toEqual(['shcharbakou']);
    expect(ids('Корсаков Н')).toEqual(['rimsky']);
    expect(ids('Римский-Корсаков Н А')).toEqual(['rimsky']);
    expect(ids('Иванова М')).toEqual(['ivanova']);
    expect(ids('Иванова Д')).toEqual([]);
    // Two words never match one name part: "Иван" and "Ивановск" are both beginnings of "Ивановский".
    expect(ids('Иван Ивановск')).toEqual([]);
  });

  it('ranks an exact surname above a given name and a prefix', () => {
    // "Иван" is Petrov's given name and the prefix of three surnames; nobody is surnamed Иван.
    const hits = store.patients.search('Иван');
    expect(hits[0]!.id).toMatch(/^(ivanov|petrov-ivan)$/);
    expect(hits.map((h) => h.id)).toContain('ivanova');
    const scores = hits.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(store.patients.search('Иванов')[0]).toMatchObject({ id: 'ivanov', displayName: 'Иванов Иван Петрович', gender: 'male', birthDate: '1980-02-03' });
  });

  it('finds a hyphenated surname by either part or the whole', () => {
    expect(ids('Корсаков')).toEqual(['rimsky']);
    expect(ids('Римский')).toEqual(['rimsky']);
    expect(ids('Rimskii-Korsakov')).toEqual(['rimsky']);
  });

  it('finds a personal number whole or by its beginning, in either keyboard layout', () => {
    const pn = makePersonalNumber('1975-05-05', 'female', 'H', 14);
    expect(ids(pn)).toEqual(['ivashko']);
    expect(store.patients.search(pn)[0]!.personalNumber).toBe(pn);
    expect(ids(pn.slice(0, 7))).toEqual(['ivashko']);
    expect(ids(pn.toLowerCase().replace('h', 'Н'))).toEqual(['ivashko']); // Cyrillic Н for Latin H
    expect(ids(`${pn.slice(0, 7)} Ивашко`)).toEqual(['ivashko']);
    expect(ids('6999999')).toEqual([]);
  });

  it('finds a birth date written DD.MM.YYYY or YYYY-MM-DD, alone or with a name', () => {
    expect(ids('03.02.1980').sort()).toEqual(['ivanov', 'petrov-ivan']);
    expect(ids('1980-02-03').sort()).toEqual(['ivanov', 'petrov-ivan']);
    expect(ids('3.2.1980 Петров')).toEqual(['petrov-ivan']);
    expect(ids('31.02.1980')).toEqual([]);
  });

  it('respects the limit and ignores input that cannot match', () => {
    expect(ids('И', 2)).toHaveLength(2);
    expect(ids('   ')).toEqual([]);
    expect(ids('"*) OR (')).toEqual([]);
  });
});

describe('parseSearchText', () => {
  it('sorts words into names, a personal number and a birth date', () => {
    expect(parseSearchText('Іваноў 12.04.1961 3120461h016pb1')).toEqual({ nameKeys: ['ivanov'], personalNumber: '3120461H016PB1', birthDate: '1961-04-12' });
  });
});
