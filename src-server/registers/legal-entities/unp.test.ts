import { describe, expect, it } from 'vitest';
import { checkUnp, makeUnp, unpCheckDigit } from './unp.js';

describe('УНП', () => {
  it('computes the check digit from the weights 29 23 19 17 13 7 5 3 modulo 11', () => {
    // 1*29 + 0*23 + 0*19 + 0*17 + 0*13 + 0*7 + 0*5 + 1*3 = 32 → 32 mod 11 = 10: never issued
    expect(unpCheckDigit('10000001')).toBeUndefined();
    // 7*29 + 1*3 = 206 → 206 mod 11 = 8
    expect(unpCheckDigit('70000001')).toBe(8);
    expect(checkUnp('700000018')).toEqual({ ok: true });
  });

  it('refuses a wrong length, a leading zero and a mistyped digit', () => {
    expect(checkUnp('70000001')).toMatchObject({ ok: false, message: expect.stringContaining('nine digits') });
    expect(checkUnp('012345678')).toMatchObject({ ok: false });
    expect(checkUnp('700000019')).toMatchObject({ ok: false, message: expect.stringContaining('check digit') });
  });

  it('makes only valid numbers', () => {
    for (let serial = 0; serial < 500; serial += 7) {
      const unp = makeUnp(1 + (serial % 7), serial * 131);
      expect(checkUnp(unp)).toEqual({ ok: true });
    }
  });
});
