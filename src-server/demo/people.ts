import { makePersonalNumber, type RegionLetter, REGION_LETTERS } from '../../shared/domain/personal-number.js';
import { BELARUSIAN_SURNAMES, FEMALE_NAMES, feminineSurname, generationOf, MALE_NAMES, RUSSIAN_SURNAMES } from './names.js';
import { addressText, randomAddress } from './places.js';
import { createRandom, hashInts, type Random } from './random.js';

/**
 * Demo people: deterministic, realistic residents of Belarus. `demoPerson(i, seed)` is the same
 * person everywhere (Central's demo, the population-register simulator, benchmarks). Demo patients
 * are indexes 0..patients-1; indexes from 100000 are people the register knows and Central not yet.
 */
export interface DemoPerson {
  index: number;
  personalNumber: string;
  family: string;
  given: string;
  patronymic: string | null;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'male' | 'female';
  /** The address as one line of text, as the register returns it. */
  address: string;
  addressParts: { line: string; city: string; postalCode: string };
  /** Mobile number, "+375 29 611-42-08". */
  phone: string;
}

export const DEFAULT_DEMO_SEED = 1;
/** First index of the people the register knows but Central does not (the registration flow). */
export const UNREGISTERED_FROM = 100_000;

// Belarus by age (2020s): many people in their thirties and sixties, fewer teenagers, few over 85.
const AGE_BANDS: readonly (readonly [number, number])[] = [
  [0, 5.2], [5, 5.8], [10, 5.6], [15, 4.9], [20, 4.6], [25, 5.6], [30, 7.4], [35, 7.9], [40, 7.4], [45, 7.0],
  [50, 6.5], [55, 7.0], [60, 7.3], [65, 6.3], [70, 4.2], [75, 2.6], [80, 2.4], [85, 1.1], [90, 0.4],
];
/** Ages count from this year; birth years stay in the past whenever the demo runs. */
const REFERENCE_YEAR = 2025;
const MOBILE_CODES = [['29', 45], ['33', 25], ['44', 20], ['25', 10]] as const;

export function demoPerson(index: number, seed: number = DEFAULT_DEMO_SEED): DemoPerson {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`demo person index must be a non-negative integer, got ${index}`);
  const random = createRandom(seed, index);
  const sex = random.chance(0.535) ? 'female' : 'male';
  const birthDate = birthDateFor(index, seed, random);
  const birthYear = Number(birthDate.slice(0, 4));
  const generation = generationOf(birthYear);
  const fatherGeneration = generationOf(birthYear - random.int(22, 38));
  const father = random.pick(MALE_NAMES[fatherGeneration]);
  const surname = random.chance(0.65) ? random.pick(BELARUSIAN_SURNAMES) : random.pick(RUSSIAN_SURNAMES);
  const address = randomAddress(random);
  // Most people got their number where they live; some moved since.
  const region: RegionLetter = random.chance(0.8) ? address.region : random.pick(Object.keys(REGION_LETTERS) as RegionLetter[]);
  return {
    index,
    personalNumber: makePersonalNumber(birthDate, sex, region, sequenceFor(index)),
    family: sex === 'female' ? feminineSurname(surname) : surname,
    given: sex === 'female' ? random.pick(FEMALE_NAMES[generation]) : random.pick(MALE_NAMES[generation]).name,
    patronymic: random.chance(0.995) ? (sex === 'female' ? father.daughter : father.son) : null,
    birthDate,
    sex,
    address: addressText(address),
    addressParts: { line: address.line, city: address.city, postalCode: address.postalCode },
    phone: mobilePhone(random),
  };
}

/**
 * Personal numbers must never repeat. The 3-digit sequence is a permutation of `index mod 1000`;
 * people sharing it get birth days `97 * (index div 1000)` apart within the year (97 and 365 are
 * coprime), so two indexes below 365,000 never share both sequence and birth date.
 */
function sequenceFor(index: number): number {
  return (((index % 1000) * 337 + 71) % 1000 + 1000) % 1000;
}

function birthDateFor(index: number, seed: number, random: Random): string {
  const bandStart = random.weighted(AGE_BANDS.map(([start, weight]) => [start, weight] as const));
  const year = REFERENCE_YEAR - bandStart - random.int(0, 4);
  const dayOfYear = (hashInts(seed, index % 1000, 0x5eed) % 365 + Math.floor(index / 1000) * 97) % 365;
  const date = new Date(Date.UTC(year, 0, 1 + dayOfYear));
  return date.toISOString().slice(0, 10);
}

function mobilePhone(random: Random): string {
  const code = random.weighted(MOBILE_CODES);
  const digits = String(random.int(2_000_000, 9_999_999));
  return `+375 ${code} ${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
}
