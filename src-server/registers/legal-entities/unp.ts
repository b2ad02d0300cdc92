/**
 * УНП (учётный номер плательщика): the nine-digit number that identifies an organisation in the
 * register of legal entities. The first digit is the region (1 Brest, 2 Vitebsk, 3 Gomel,
 * 4 Grodno, 5 Minsk region, 6 Mogilev, 7 Minsk city; 8-9 are other payers), then seven digits of
 * serial, then a check digit: the digits weighted 29, 23, 19, 17, 13, 7, 5, 3, summed, modulo 11;
 * a remainder of 10 is never issued.
 */
const WEIGHTS = [29, 23, 19, 17, 13, 7, 5, 3];

export function unpCheckDigit(first8: string): number | undefined {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(first8[i]) * WEIGHTS[i]!;
  const remainder = sum % 11;
  return remainder === 10 ? undefined : remainder;
}

export type UnpCheck = { ok: true } | { ok: false; message: string };

export function checkUnp(value: string): UnpCheck {
  if (!/^\d{9}$/.test(value)) return { ok: false, message: 'An УНП has nine digits' };
  if (value[0] === '0') return { ok: false, message: 'An УНП does not start with 0' };
  if (unpCheckDigit(value) !== Number(value[8])) return { ok: false, message: 'The check digit of the УНП does not match: a digit was probably mistyped' };
  return { ok: true };
}

/** A valid УНП from a region digit and a serial (the serial is nudged until a check digit exists). */
export function makeUnp(region: number, serial: number): string {
  for (let s = serial; ; s++) {
    const body = `${region}${String(s % 10_000_000).padStart(7, '0')}`;
    const check = unpCheckDigit(body);
    if (check !== undefined) return body + check;
  }
}
