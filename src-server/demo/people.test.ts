import { describe, expect, it } from 'vitest';
import { checkPersonalNumber } from '../../shared/domain/personal-number.js';
import { demoPerson, UNREGISTERED_FROM } from './people.js';
import { TOWNS } from './places.js';

const people = Array.from({ length: 3000 }, (_, i) => demoPerson(i));

describe('demoPerson', () => {
  it('is the same person for the same index and seed, another for another seed', () => {
    expect(demoPerson(42)).toEqual(demoPerson(42));
    expect(demoPerson(42, 7)).toEqual(demoPerson(42, 7));
    expect(demoPerson(42, 7).personalNumber).not.toBe(demoPerson(42).personalNumber);
  });

  it('gives valid personal numbers that agree with birth date and sex', () => {
    for (const person of people) {
      const check = checkPersonalNumber(person.personalNumber);
      expect(check.ok, person.personalNumber).toBe(true);
      if (check.ok) {
        expect(check.parsed.birthDate).toBe(person.birthDate);
        expect(check.parsed.sex).toBe(person.sex);
      }
    }
  });

  it('never repeats a personal number, demo patients and register-only people together', () => {
    const indexes = [...Array.from({ length: 40_000 }, (_, i) => i), ...Array.from({ length: 2000 }, (_, i) => UNREGISTERED_FROM + i)];
    const numbers = new Set(indexes.map((i) => demoPerson(i).personalNumber));
    expect(numbers.size).toBe(indexes.length);
  });

  it('gives women the feminine form of the surname and patronymic', () => {
    const women = people.filter((p) => p.sex === 'female');
    const men = people.filter((p) => p.sex === 'male');
    expect(women.length).toBeGreaterThan(1200);
    expect(men.length).toBeGreaterThan(1200);
    for (const w of women) {
      expect(w.family).not.toMatch(/(ов|ев|ёв|ин|ский|цкий|ой)$/);
      if (w.patronymic) expect(w.patronymic).toMatch(/(вна|ична)$/);
    }
    for (const man of men) {
      expect(man.family).not.toMatch(/(ова|ева|ская|цкая)$/);
      if (man.patronymic) expect(man.patronymic).toMatch(/(вич|ич)$/);
    }
    expect(women.some((w) => w.family.endsWith('ова'))).toBe(true);
    expect(women.some((w) => w.family.endsWith('ская'))).toBe(true);
    expect(people.some((p) => /(ич|ук|ко)$/.test(p.family))).toBe(true);
  });

  it('writes names in Cyrillic, capitalised', () => {
    for (const p of people) {
      for (const part of [p.family, p.given, p.patronymic ?? 'Нет']) expect(part).toMatch(/^[А-ЯЁ][а-яё]+$/);
    }
  });

  it('spreads ages like a population: children, working age, and the old', () => {
    const ageIn2026 = (p: { birthDate: string }) => 2026 - Number(p.birthDate.slice(0, 4));
    const ages = people.map(ageIn2026);
    const share = (test: (age: number) => boolean) => ages.filter(test).length / ages.length;
    expect(share((a) => a < 18)).toBeGreaterThan(0.12);
    expect(share((a) => a < 18)).toBeLessThan(0.3);
    expect(share((a) => a >= 65)).toBeGreaterThan(0.1);
    expect(Math.max(...ages)).toBeLessThan(101);
    expect(people.every((p) => p.birthDate <= '2025-12-31')).toBe(true);
  });

  it('lives at a Belarusian address and has a +375 mobile number', () => {
    const towns = new Set(TOWNS.map((t) => t.name));
    for (const p of people) {
      expect(towns.has(p.addressParts.city)).toBe(true);
      expect(p.address).toBe(`${p.addressParts.postalCode}, г. ${p.addressParts.city}, ${p.addressParts.line}`);
      expect(p.addressParts.postalCode).toMatch(/^2\d{5}$/);
      expect(p.phone).toMatch(/^\+375 (29|33|44|25) \d{3}-\d{2}-\d{2}$/);
    }
    const inMinsk = people.filter((p) => p.addressParts.city === 'Минск').length / people.length;
    expect(inMinsk).toBeGreaterThan(0.5);
  });

  it('refuses a negative or fractional index', () => {
    expect(() => demoPerson(-1)).toThrow(RangeError);
    expect(() => demoPerson(1.5)).toThrow(RangeError);
  });
});
