/**
 * The Belarus personal identification number (идентификационный номер): 14 characters,
 * `DDDDDDD L DDD LL D`:
 *   1      sex and century of birth (1/2: 1800s, 3/4: 1900s, 5/6: 2000s; odd male, even female)
 *   2-7    date of birth, DDMMYY
 *   8      region letter (A Brest, B Vitebsk, C Gomel, K Grodno, E Minsk region, M Mogilev, H Minsk)
 *   9-11   sequence number
 *   12-13  citizenship letters (PB, BA, BI, ...)
 *   14     check digit: weights 7,3,1 repeating over the first 13 characters, digits at face value,
 *          letters A=10, B=11, ..., Z=35; the sum mod 10.
 */
export const PERSONAL_NUMBER_PATTERN = /^[1-6]\d{6}[A-Z]\d{3}[A-Z]{2}\d$/;

export const REGION_LETTERS = { A: 'Brest', B: 'Vitebsk', C: 'Gomel', K: 'Grodno', E: 'Minsk region', M: 'Mogilev', H: 'Minsk' } as const;
export type RegionLetter = keyof typeof REGION_LETTERS;

/** Cyrillic letters that look like Latin ones: a registrar on the Russian keyboard layout types these. */
const LOOKALIKES: Record<string, string> = { А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', І: 'I' };

/** Upper-cases, drops spaces and dashes, and turns Cyrillic look-alike letters into Latin ones. */
export function normalizePersonalNumber(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[АВЕКМНОРСТХІ]/g, (c) => LOOKALIKES[c] ?? c);
}

const WEIGHTS = [7, 3, 1];

function characterValue(c: string): number {
  const code = c.charCodeAt(0);
  return code >= 65 && code <= 90 ? code - 55 : code - 48;
}

export function personalNumberCheckDigit(first13: string): number {
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += characterValue(first13[i]!) * WEIGHTS[i % 3]!;
  return sum % 10;
}

export type PersonalNumberProblem = 'length' | 'format' | 'check-digit' | 'date';

export interface ParsedPersonalNumber {
  value: string;
  sex: 'male' | 'female';
  /** ISO date YYYY-MM-DD. */
  birthDate: string;
  region: string;
}

/** Checks a personal number (already normalised) and says what is wrong with it, if anything. */
export function checkPersonalNumber(value: string): { ok: true; parsed: ParsedPersonalNumber } | { ok: false; problem: PersonalNumberProblem; message: string } {
  if (value.length !== 14) return { ok: false, problem: 'length', message: `A personal number has 14 characters, this one has ${value.length}` };
  if (!PERSONAL_NUMBER_PATTERN.test(value)) return { ok: false, problem: 'format', message: 'A personal number reads DDDDDDD L DDD LL D (7 digits, a letter, 3 digits, 2 letters, a digit)' };
  const expected = personalNumberCheckDigit(value);
  if (Number(value[13]) !== expected) return { ok: false, problem: 'check-digit', message: 'The check digit of the personal number does not match: a character was probably mistyped' };
  const centuryCode = Number(value[0]);
  const century = 1800 + Math.floor((centuryCode - 1) / 2) * 100;
  const day = Number(value.slice(1, 3));
  const month = Number(value.slice(3, 5));
  const year = century + Number(value.slice(5, 7));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, problem: 'date', message: 'The date of birth in the personal number does not exist' };
  }
  const letter = value[7] as RegionLetter;
  return {
    ok: true,
    parsed: {
      value,
      sex: centuryCode % 2 === 1 ? 'male' : 'female',
      birthDate: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      region: REGION_LETTERS[letter] ?? letter,
    },
  };
}

export function isValidPersonalNumber(value: string): boolean {
  return checkPersonalNumber(value).ok;
}

/** Builds a valid personal number: for demo data, simulators and tests. */
export function makePersonalNumber(birthDate: string, sex: 'male' | 'female', region: RegionLetter, sequence: number, citizenship = 'PB'): string {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  const centuryIndex = Math.floor((year - 1800) / 100);
  if (centuryIndex < 0 || centuryIndex > 2) throw new RangeError(`Birth year ${year} is outside 1800-2099`);
  const first = centuryIndex * 2 + (sex === 'male' ? 1 : 2);
  const body = `${first}${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}${String(year % 100).padStart(2, '0')}${region}${String(sequence % 1000).padStart(3, '0')}${citizenship}`;
  return body + personalNumberCheckDigit(body);
}
