import { describe, expect, it } from 'vitest';
import { checkPersonalNumber, isValidPersonalNumber, makePersonalNumber, normalizePersonalNumber, personalNumberCheckDigit } from './personal-number.js';

describe('personal number', () => {
  it('computes the check digit with weights 7,3,1 and letters from A=10', () => {
    // 3,1,4,0,5,8,3,A=10,0,2,1,P=25,B=11 weighted 7,3,1,7,3,1,7,3,1,7,3,1,7
    const sum = 3 * 7 + 1 * 3 + 4 * 1 + 0 * 7 + 5 * 3 + 8 * 1 + 3 * 7 + 10 * 3 + 0 * 1 + 2 * 7 + 1 * 3 + 25 * 1 + 11 * 7;
    expect(personalNumberCheckDigit('3140583A021PB')).toBe(sum % 10);
  });

  it('accepts a number it built and reads sex, birth date and region from it', () => {
    const value = makePersonalNumber('1983-05-14', 'male', 'H', 21);
    const result = checkPersonalNumber(value);
    expect(result).toEqual({ ok: true, parsed: { value, sex: 'male', birthDate: '1983-05-14', region: 'Minsk' } });
    expect(checkPersonalNumber(makePersonalNumber('2011-12-31', 'female', 'A', 5))).toMatchObject({ ok: true, parsed: { sex: 'female', birthDate: '2011-12-31' } });
  });

  it('says what is wrong: length, format, check digit, impossible date', () => {
    const good = makePersonalNumber('1990-01-02', 'female', 'C', 7);
    expect(checkPersonalNumber(good.slice(0, 13))).toMatchObject({ ok: false, problem: 'length' });
    expect(checkPersonalNumber('31405831021PB5')).toMatchObject({ ok: false, problem: 'format' });
    const wrongDigit = good.slice(0, 13) + String((Number(good[13]) + 1) % 10);
    expect(checkPersonalNumber(wrongDigit)).toMatchObject({ ok: false, problem: 'check-digit' });
    const body = '3310290A001PB';
    expect(checkPersonalNumber(body + personalNumberCheckDigit(body))).toMatchObject({ ok: false, problem: 'date' });
  });

  it('catches every single mistyped digit', () => {
    const good = makePersonalNumber('1975-07-21', 'male', 'E', 340);
    for (let i = 1; i < 7; i++) {
      const typo = good.slice(0, i) + String((Number(good[i]) + 1) % 10) + good.slice(i + 1);
      expect(isValidPersonalNumber(typo)).toBe(false);
    }
  });

  it('normalises spaces, case and Cyrillic look-alike letters', () => {
    const good = makePersonalNumber('1983-05-14', 'male', 'H', 21);
    const typed = `${good.slice(0, 7)} Н${good.slice(8, 11)} РВ ${good[13]}`.toLowerCase();
    expect(normalizePersonalNumber(typed)).toBe(good);
  });
});
