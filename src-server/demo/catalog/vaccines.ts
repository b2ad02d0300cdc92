/**
 * The vaccines given in Belarus for each series of the national calendar
 * (shared/domain/vaccination-calendar.ts), by the age they are given at. A combination vaccine
 * counts for every series it covers; the CVX code is written where it is certain, and the
 * calendar's own series code always, so the vaccination status reads every dose.
 */
export interface VaccineSpec {
  text: string;
  cvx?: string;
  series: readonly string[];
}

export interface ScheduledShot {
  /** Age at which it is given. */
  age: { amount: number; unit: 'd' | 'mo' | 'y' };
  vaccine: VaccineSpec;
  sex?: 'female';
  /** First date this shot belongs to the calendar (HPV from 2025). */
  since?: string;
}

const HEXAVALENT: VaccineSpec = { text: 'Инфанрикс Гекса (АКДС-ВГВ-ИПВ-Hib)', cvx: '146', series: ['dtp', 'hib', 'polio', 'hepb'] };
const PCV: VaccineSpec = { text: 'Превенар 13', cvx: '133', series: ['pcv'] };
const MMR: VaccineSpec = { text: 'Приорикс (корь, паротит, краснуха)', cvx: '03', series: ['mmr'] };
export const TD_ADULT: VaccineSpec = { text: 'АДС-М', cvx: '09', series: ['td'] };
export const INFLUENZA: VaccineSpec = { text: 'Гриппол плюс (вакцина гриппозная)', cvx: '141', series: ['flu'] };
export const COVID: VaccineSpec = { text: 'Гам-КОВИД-Вак (Спутник V)', series: [] };

const d = (amount: number) => ({ amount, unit: 'd' as const });
const mo = (amount: number) => ({ amount, unit: 'mo' as const });
const y = (amount: number) => ({ amount, unit: 'y' as const });

export const CHILDHOOD_SHOTS: readonly ScheduledShot[] = [
  { age: d(0), vaccine: { text: 'Эувакс В (гепатит B)', cvx: '08', series: ['hepb'] } },
  { age: d(3), vaccine: { text: 'БЦЖ-М', cvx: '19', series: ['bcg'] } },
  { age: mo(2), vaccine: HEXAVALENT },
  { age: mo(2), vaccine: PCV },
  { age: mo(3), vaccine: HEXAVALENT },
  { age: mo(4), vaccine: HEXAVALENT },
  { age: mo(4), vaccine: PCV },
  { age: mo(12), vaccine: MMR },
  { age: mo(12), vaccine: PCV },
  { age: mo(18), vaccine: { text: 'АКДС', cvx: '01', series: ['dtp'] } },
  { age: y(6), vaccine: MMR },
  { age: y(6), vaccine: { text: 'АДС', series: ['dtp'] } },
  { age: y(7), vaccine: { text: 'Имовакс Полио (ИПВ)', cvx: '10', series: ['polio'] } },
  { age: y(11), vaccine: { text: 'Гардасил (ВПЧ)', cvx: '62', series: ['hpv'] }, sex: 'female', since: '2025-01-01' },
  { age: y(16), vaccine: TD_ADULT },
];

/** Adult Td boosters of the calendar. */
export const TD_BOOSTER_AGES = [26, 36, 46, 56, 66] as const;
