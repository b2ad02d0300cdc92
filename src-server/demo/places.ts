import type { RegionLetter } from '../../shared/domain/personal-number.js';
import type { Random } from './random.js';

/**
 * Where demo people live. Most of them in Minsk, where the demo polyclinic is, the rest in the
 * towns around it and in the regional centres. Postal codes are plausible for each town, not
 * checked against the postal register.
 */
export interface Town {
  name: string;
  /** The region letter a personal number issued there carries. */
  region: RegionLetter;
  postalCode: (random: Random) => string;
  streets: readonly string[];
  /** Share of demo people living there. */
  weight: number;
  /** Mostly blocks of flats (a flat number) or private houses. */
  flats: number;
}

const MINSK_STREETS = [
  'ул. Кальварийская', 'пр-т Независимости', 'пр-т Победителей', 'ул. Сурганова', 'ул. Якуба Коласа', 'ул. Козлова',
  'ул. Притыцкого', 'ул. Есенина', 'ул. Малинина', 'ул. Кижеватова', 'ул. Гурского', 'ул. Жуковского', 'ул. Голубева',
  'ул. Рафиева', 'ул. Одинцова', 'ул. Уручская', 'пр-т Дзержинского', 'пр-т Пушкина', 'ул. Максима Богдановича',
  'ул. Ванеева', 'Партизанский пр-т', 'ул. Лобанка', 'ул. Каменногорская', 'ул. Кунцевщина', 'ул. Матусевича',
  'ул. Скорины', 'ул. Слободская', 'ул. Чкалова', 'ул. Филимонова', 'ул. Руссиянова',
];

const TOWN_STREETS = [
  'ул. Ленина', 'ул. Советская', 'ул. Пролетарская', 'ул. Гагарина', 'ул. Победы', 'ул. Мира', 'ул. Первомайская',
  'ул. Октябрьская', 'ул. Интернациональная', 'ул. Кирова', 'ул. Пушкина', 'ул. Комсомольская', 'ул. Садовая',
  'ул. Молодёжная', 'ул. Строителей', 'ул. Франциска Скорины', 'ул. Янки Купалы',
];

const postal = (base: number, spread: number) => (random: Random) => String(base + random.int(0, spread));
const town = (name: string, region: RegionLetter, base: number, weight: number, flats = 0.7): Town => ({
  name,
  region,
  postalCode: postal(base, 9),
  streets: TOWN_STREETS,
  weight,
  flats,
});

export const TOWNS: readonly Town[] = [
  { name: 'Минск', region: 'H', postalCode: postal(220004, 136), streets: MINSK_STREETS, weight: 70, flats: 0.97 },
  town('Заславль', 'E', 223050, 2),
  town('Фаниполь', 'E', 222750, 2),
  town('Смолевичи', 'E', 222201, 1.5, 0.5),
  town('Дзержинск', 'E', 222720, 1.5, 0.5),
  town('Жодино', 'E', 222160, 2),
  town('Борисов', 'E', 222120, 2),
  town('Молодечно', 'E', 222310, 2),
  town('Брест', 'A', 224000, 1.5),
  town('Барановичи', 'A', 225400, 1),
  town('Гродно', 'K', 230000, 1.5),
  town('Лида', 'K', 231300, 1),
  town('Гомель', 'C', 246000, 1.5),
  town('Мозырь', 'C', 247760, 1),
  town('Могилёв', 'M', 212000, 1.5),
  town('Бобруйск', 'M', 213800, 1),
  town('Витебск', 'B', 210000, 1.5),
  town('Полоцк', 'B', 211400, 1, 0.5),
  town('Орша', 'B', 211030, 1),
];

export interface DemoAddress {
  line: string;
  city: string;
  postalCode: string;
  region: RegionLetter;
}

export function randomAddress(random: Random): DemoAddress {
  const place = random.weighted(TOWNS.map((t) => [t, t.weight] as const));
  const street = random.pick(place.streets);
  const house = random.int(1, place.name === 'Минск' ? 120 : 60);
  const building = random.chance(0.15) ? `, корп. ${random.int(1, 4)}` : '';
  const line = random.chance(place.flats) ? `${street}, д. ${house}${building}, кв. ${random.int(1, 180)}` : `${street}, д. ${house}`;
  return { line, city: place.name, postalCode: place.postalCode(random), region: place.region };
}

/** How the address reads on a form: "220073, г. Минск, ул. Кальварийская, д. 21, кв. 54". */
export function addressText(address: DemoAddress): string {
  return `${address.postalCode}, г. ${address.city}, ${address.line}`;
}
