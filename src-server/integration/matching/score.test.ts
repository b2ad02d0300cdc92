import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { demographicsOf } from './demographics.js';
import { AUTO_ATTACH, decide, jaroWinkler, REVIEW_FROM, scoreMatch } from './score.js';

const person = (family: string, given: string[], birthDate: string, gender: Patient['gender'] = 'female', extra: Partial<Patient> = {}) =>
  demographicsOf({ resourceType: 'Patient', name: [{ family, given }], birthDate, gender, ...extra });

const anna = person('Ковалёва', ['Анна', 'Сергеевна'], '1990-05-04', 'female', { telecom: [{ system: 'phone', value: '+375 29 611-42-08' }] });

describe('demographic matching', () => {
  it('is certain of the same person spelled another way (Latin, ё/е, case)', () => {
    const latin = person('KOVALEVA', ['Anna', 'Sergeevna'], '1990-05-04');
    expect(scoreMatch(latin, anna).score).toBeGreaterThanOrEqual(AUTO_ATTACH);
    expect(scoreMatch(person('Ковалева', ['анна'], '1990-05-04'), anna).score).toBeGreaterThanOrEqual(AUTO_ATTACH);
  });

  it('finds a woman under her maiden name', () => {
    const married: Patient = { resourceType: 'Patient', name: [{ family: 'Новик', given: ['Анна'] }, { use: 'old', family: 'Ковалёва', given: ['Анна'] }], birthDate: '1990-05-04', gender: 'female' };
    expect(scoreMatch(person('Ковалёва', ['Анна'], '1990-05-04'), demographicsOf(married)).score).toBeGreaterThanOrEqual(AUTO_ATTACH);
  });

  it('sends a typo in the surname or a digit of the birth date to review, not to a guess', () => {
    for (const near of [person('Ковалёвв', ['Анна', 'Сергеевна'], '1990-05-04', 'female', { telecom: [{ system: 'phone', value: '+375296114208' }] }), person('Ковалёва', ['Анна'], '1990-05-07'), person('Ковалёва', ['Анна'], '1990-04-05')]) {
      const { score } = scoreMatch(near, anna);
      expect(score).toBeGreaterThanOrEqual(REVIEW_FROM);
      expect(score).toBeLessThan(AUTO_ATTACH);
    }
  });

  it('tells twins and namesakes apart', () => {
    expect(scoreMatch(person('Ковалёва', ['Мария'], '1990-05-04'), anna).score).toBeLessThan(REVIEW_FROM);
    expect(scoreMatch(person('Ковалёв', ['Анатолий'], '1990-05-04', 'male'), anna).score).toBeLessThan(REVIEW_FROM);
    expect(scoreMatch(person('Ковалёва', ['Анна'], '1972-11-20'), anna).score).toBeLessThan(REVIEW_FROM);
  });

  it('attaches only to a clear winner', () => {
    const a = { score: 0.95, reasons: [], candidate: 'a' };
    expect(decide([a, { score: 0.6, reasons: [], candidate: 'b' }])).toEqual({ kind: 'attach', candidate: 'a', score: 0.95 });
    expect(decide([a, { score: 0.9, reasons: [], candidate: 'b' }])).toMatchObject({ kind: 'review', reason: expect.stringContaining('More than one') });
    expect(decide([{ score: 0.7, reasons: [], candidate: 'a' }])).toMatchObject({ kind: 'review' });
    expect(decide([{ score: 0.5, reasons: [], candidate: 'a' }])).toEqual({ kind: 'none' });
    expect(decide([])).toEqual({ kind: 'none' });
  });

  it('computes Jaro-Winkler as published (MARTHA/MARHTA 0.961, DIXON/DICKSONX 0.813)', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });
});
