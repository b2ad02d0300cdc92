import { createRandom } from '../../demo/random.js';
import { TOWNS } from '../../demo/places.js';
import type { LegalEntity } from './register.js';
import { makeUnp } from './unp.js';

/**
 * The organisations the simulated register knows: the health institutions of the demo region
 * (fixed, so tests and the demo can name them) and a few hundred generated ones, some of them
 * liquidated, all deterministic by seed.
 */
export const KNOWN_ENTITIES: readonly LegalEntity[] = [
  entity(makeUnp(7, 1_000_001), 'Учреждение здравоохранения «10-я городская клиническая поликлиника»', 'УЗ «10-я ГКП»', 'г. Минск, ул. Ландера, 20', '1994-03-15'),
  entity(makeUnp(7, 1_000_102), 'Учреждение здравоохранения «Городская клиническая больница скорой медицинской помощи»', 'УЗ «ГКБСМП»', 'г. Минск, ул. Кижеватова, 58', '1993-11-02'),
  entity(makeUnp(7, 1_000_203), 'Общество с ограниченной ответственностью «ЛабДиагностика»', 'ООО «ЛабДиагностика»', 'г. Минск, пр-т Независимости, 95', '2008-06-20'),
  entity(makeUnp(7, 1_000_304), 'Общество с ограниченной ответственностью «Медицинский центр «Здоровая семья»', 'ООО «МЦ «Здоровая семья»', 'г. Минск, ул. Сурганова, 47', '2012-09-03'),
  entity(makeUnp(7, 1_000_405), 'Учреждение здравоохранения «Городская станция скорой медицинской помощи»', 'УЗ «ГССМП»', 'г. Минск, ул. Кропоткина, 48', '1992-01-10'),
  entity(makeUnp(1, 2_000_506), 'Общество с ограниченной ответственностью «Брестский диагностический центр»', 'ООО «БДЦ»', 'г. Брест, ул. Советская, 12', '2005-04-18', 'liquidated'),
];

function entity(unp: string, name: string, shortName: string, address: string, registeredOn: string, status: LegalEntity['status'] = 'active'): LegalEntity {
  return { unp, name, shortName, status, address, registeredOn };
}

const KINDS = [
  ['Общество с ограниченной ответственностью', 'ООО'],
  ['Частное унитарное предприятие', 'ЧУП'],
  ['Открытое акционерное общество', 'ОАО'],
] as const;
const WORDS = ['Медилайн', 'Вита', 'Здравица', 'Доктор Плюс', 'Лекарь', 'Диалаб', 'Нормамед', 'Сантэ', 'Эксимер', 'Кардиолюкс'];

export function simulatedEntities(seed: number, count = 300): Map<string, LegalEntity> {
  const random = createRandom(seed, 0x1e6a1);
  const entities = new Map(KNOWN_ENTITIES.map((e) => [e.unp, e] as const));
  for (let i = 0; i < count; i++) {
    const [long, short] = random.pick(KINDS);
    const word = `${random.pick(WORDS)}${random.chance(0.3) ? `-${random.int(1, 99)}` : ''}`;
    const town = random.pick(TOWNS);
    const unp = makeUnp(random.int(1, 7), random.int(0, 9_999_999));
    const status = random.weighted([['active', 85], ['in-liquidation', 5], ['liquidated', 10]] as const);
    const year = random.int(1992, 2023);
    entities.set(unp, entity(unp, `${long} «${word}»`, `${short} «${word}»`, `г. ${town.name}, ${random.pick(town.streets)}, ${random.int(1, 120)}`, `${year}-0${random.int(1, 9)}-1${random.int(0, 9)}`, status));
  }
  return entities;
}
