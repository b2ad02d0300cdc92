/**
 * The national calendar of preventive vaccinations of the Republic of Belarus, as data.
 *
 * Source: Постановление Министерства здравоохранения РБ от 17.05.2018 № 42 «О профилактических
 * прививках», Приложение 1, as amended by Постановление № 111 от 01.07.2024 (in force 01.01.2025).
 * TRANSCRIBED BY HAND from public web pages, not from a machine-readable official file: every series
 * keeps the confidence flag of that transcription, and the whole table must be checked against the
 * official text before anyone relies on it clinically. The UI shows `CALENDAR_SOURCE.warning`.
 *
 * Ages are written as in the calendar ("2mo", "6y", "3d", "0d"); `vaccination.ts` turns them into
 * dates. The grace periods after which a dose counts as overdue are OUR rule, not the calendar's.
 */

export type Confidence = 'high' | 'medium' | 'low';

/** An age: a count of days, months or years after birth. */
export interface CalendarAge {
  amount: number;
  unit: 'd' | 'mo' | 'y';
}

export interface CalendarDose {
  /** 1-based position in the series. */
  dose: number;
  /** When the dose is given. */
  age: CalendarAge;
  /** After this age without the dose it is overdue. */
  overdueAfter: CalendarAge;
}

export interface CalendarSeries {
  /** Our stable code for the series (also the code in VACCINATION_CALENDAR_SYSTEM). */
  code: string;
  /** The infection(s) as the calendar names them. */
  infection: string;
  confidence: Confidence;
  /** Only for this sex (HPV: girls). */
  sex?: 'female' | 'male';
  /**
   * Booster series: a missed booster whose successor's age has been reached is not reported, the
   * next booster replaces it (nobody catches up on a tetanus booster from 20 years ago).
   */
  booster?: boolean;
  /** Codes of vaccines that count as a dose of this series (CVX), combination vaccines included. */
  cvx: readonly string[];
  doses: readonly CalendarDose[];
  /** Given to risk groups only: shown for information, never due or overdue by age alone. */
  riskGroupsOnly?: boolean;
  note?: string;
}

/** Our code system for the series of the calendar, used in Immunization.vaccineCode. */
export const VACCINATION_CALENDAR_SYSTEM = 'https://medkarta.by/fhir/CodeSystem/national-vaccination-calendar';
export const CVX_SYSTEM = 'http://hl7.org/fhir/sid/cvx';

export const CALENDAR_SOURCE = {
  title: 'Национальный календарь профилактических прививок Республики Беларусь (2025)',
  legalBasis: 'Постановление Минздрава РБ от 17.05.2018 № 42, прил. 1, в ред. постановления № 111 от 01.07.2024 (с 01.01.2025)',
  transcribedByHand: true,
  warning: 'Transcribed by hand from public web pages; verify against the official text before relying on it.',
} as const;

/**
 * OUR rule, not the calendar's: a childhood dose with no record is overdue only while a child can
 * still catch up, until this age. After it the dose is "no data": an adult's missing infant
 * records say that the paper card was never transcribed, not that hepatitis B is overdue since birth.
 * Booster series (diphtheria-tetanus every 10 years) keep their due/overdue logic at every age.
 */
export const CHILDHOOD_CATCH_UP_UNTIL: CalendarAge = { amount: 18, unit: 'y' };

const d = (amount: number): CalendarAge => ({ amount, unit: 'd' });
const mo = (amount: number): CalendarAge => ({ amount, unit: 'mo' });
const y = (amount: number): CalendarAge => ({ amount, unit: 'y' });

/** Infant doses are overdue a month after their age; later ones after a longer window. */
function dose(n: number, age: CalendarAge, overdueAfter?: CalendarAge): CalendarDose {
  const fallback = age.unit === 'y' ? y(age.amount + 1) : age.unit === 'd' ? mo(1) : mo(age.amount + (age.amount >= 12 ? 3 : 1));
  return { dose: n, age, overdueAfter: overdueAfter ?? fallback };
}

// CVX codes: 08/45 hepatitis B, 19 BCG, 133/152 pneumococcal conjugate, 20/106/107 DTaP, 01 DTP,
// 17/48/49 Hib, 10/89 polio, 03/94 MMR(V), 62/137/165 HPV, 09/113/115/138/139 Td(ap), 88/141/150 influenza;
// combinations: 110 DTaP-HepB-IPV, 120 DTaP-Hib-IPV, 146 DTaP-IPV-Hib-HepB (hexavalent), 130 DTaP-IPV.
export const NATIONAL_CALENDAR: readonly CalendarSeries[] = [
  {
    code: 'hepb',
    infection: 'Вирусный гепатит B',
    confidence: 'medium',
    cvx: ['08', '43', '44', '45', '110', '146'],
    // "0-12h": the first dose in the first 12 hours of life.
    doses: [dose(1, d(0), d(7)), dose(2, mo(2)), dose(3, mo(3)), dose(4, mo(4))],
  },
  { code: 'bcg', infection: 'Туберкулез', confidence: 'medium', cvx: ['19'], doses: [dose(1, d(3), mo(2))], note: '3-5 сутки жизни' },
  { code: 'pcv', infection: 'Пневмококковая инфекция', confidence: 'medium', cvx: ['133', '152', '109', '215', '216'], doses: [dose(1, mo(2)), dose(2, mo(4)), dose(3, mo(12))] },
  {
    code: 'dtp',
    infection: 'Дифтерия, столбняк, коклюш',
    confidence: 'medium',
    cvx: ['01', '20', '106', '107', '110', '120', '146', '130', '115'],
    doses: [dose(1, mo(2)), dose(2, mo(3)), dose(3, mo(4)), dose(4, mo(18)), dose(5, y(6))],
  },
  { code: 'hib', infection: 'Гемофильная инфекция', confidence: 'medium', cvx: ['17', '46', '47', '48', '49', '120', '146'], doses: [dose(1, mo(2)), dose(2, mo(3)), dose(3, mo(4))] },
  { code: 'polio', infection: 'Полиомиелит', confidence: 'medium', cvx: ['10', '89', '110', '120', '146', '130'], doses: [dose(1, mo(2)), dose(2, mo(3)), dose(3, mo(4)), dose(4, y(7))] },
  { code: 'mmr', infection: 'Корь, эпидемический паротит, краснуха', confidence: 'medium', cvx: ['03', '94'], doses: [dose(1, mo(12)), dose(2, y(6))] },
  { code: 'hpv', infection: 'ВПЧ-инфекция (девочки)', confidence: 'medium', sex: 'female', cvx: ['62', '118', '137', '165'], doses: [dose(1, y(11))] },
  {
    code: 'td',
    infection: 'Дифтерия и столбняк',
    confidence: 'low',
    booster: true,
    cvx: ['09', '113', '115', '138', '139'],
    // "16y, 26y then every 10y to 66y"
    doses: [16, 26, 36, 46, 56, 66].map((age, i) => dose(i + 1, y(age), y(age + 2))),
  },
  {
    code: 'flu',
    infection: 'Грипп',
    confidence: 'low',
    riskGroupsOnly: true,
    cvx: ['88', '140', '141', '150', '158', '161'],
    doses: [],
    note: 'с 6 месяцев, группы риска, ежегодно',
  },
];
