import { describe, expect, it } from 'vitest';
import { nameSearchKey, nameSearchKeys } from './names.js';

describe('name search keys', () => {
  it('folds Russian, Belarusian and Latin spellings of one surname together', () => {
    const keys = ['Иванов', 'ИВАНОВ', 'Іваноў', 'Ivanov', 'Ivanou', 'Ivanoŭ', 'ivanov'].map(nameSearchKey);
    expect(new Set(keys)).toEqual(new Set(['ivanov']));
  });

  it('treats ё as е', () => {
    expect(nameSearchKey('Королёв')).toBe(nameSearchKey('Королев'));
    expect(nameSearchKey('Фёдор')).toBe(nameSearchKey('Федор'));
  });

  it('matches common transliteration variants', () => {
    expect(nameSearchKey('Дмитрий')).toBe(nameSearchKey('Dmitriy'));
    expect(nameSearchKey('Юлия')).toBe(nameSearchKey('Yuliya'));
    expect(nameSearchKey('Михаил')).toBe(nameSearchKey('Mikhail'));
    expect(nameSearchKey('Алексей')).toBe(nameSearchKey('Aleksei'));
  });

  it('keeps a prefix a prefix, so as-you-type search works', () => {
    expect(nameSearchKey('Иванов').startsWith(nameSearchKey('Ива'))).toBe(true);
    expect(nameSearchKey('Иванов').startsWith(nameSearchKey('Iva'))).toBe(true);
  });

  it('splits a full name and a hyphenated surname into keys', () => {
    expect(nameSearchKeys('Римский-Корсаков Николай Андреевич')).toEqual(['rimskiikorsakov', 'rimskii', 'korsakov', 'nikolai', 'andreevich']);
  });

  it('drops markup and punctuation rather than storing it', () => {
    expect(nameSearchKey('<script>')).toBe('script');
    expect(nameSearchKeys('  ')).toEqual([]);
  });
});
