/**
 * Belarusian names of days and months, and "… ago", for browsers whose ICU data has no Belarusian
 * (Chromium's reduced set falls back to Russian silently). Numeric dates and numbers are written
 * the same way in both languages, so only the words need this.
 */
const WEEKDAYS = ['нядзеля', 'панядзелак', 'аўторак', 'серада', 'чацвер', 'пятніца', 'субота'];
/** Months in the genitive, as after a day number: "25 лістапада". */
const MONTHS = ['студзеня', 'лютага', 'сакавіка', 'красавіка', 'мая', 'чэрвеня', 'ліпеня', 'жніўня', 'верасня', 'кастрычніка', 'лістапада', 'снежня'];

type Unit = 'second' | 'minute' | 'hour' | 'day';
const UNITS: Record<Unit, [one: string, few: string, many: string]> = {
  second: ['секунду', 'секунды', 'секунд'],
  minute: ['хвіліну', 'хвіліны', 'хвілін'],
  hour: ['гадзіну', 'гадзіны', 'гадзін'],
  day: ['дзень', 'дні', 'дзён'],
};

let belarusianIntl: boolean | undefined;
export function hasBelarusianIntl(): boolean {
  belarusianIntl ??= Intl.DateTimeFormat.supportedLocalesOf(['be']).length > 0;
  return belarusianIntl;
}

/** "серада, 25 лістапада" for a calendar date (UTC parts). */
export function belarusianWeekday(date: Date): string {
  return `${WEEKDAYS[date.getUTCDay()]}, ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
}

const SHORT_WEEKDAYS = ['нд', 'пн', 'аў', 'ср', 'чц', 'пт', 'сб'];

/** "ср, 25.11": a column head of a week (UTC parts). */
export function belarusianShortDay(date: Date): string {
  return `${SHORT_WEEKDAYS[date.getUTCDay()]}, ${String(date.getUTCDate()).padStart(2, '0')}.${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** East Slavic plural choice: 1, 21 → one; 2-4, 22-24 → few; the rest → many. */
function form(n: number): 0 | 1 | 2 {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return 0;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return 1;
  return 2;
}

/** "5 хвілін таму", "праз 2 дні", "учора", "сёння". */
export function belarusianRelative(value: number, unit: Unit): string {
  if (unit === 'day' && value === -1) return 'учора';
  if (unit === 'day' && value === 1) return 'заўтра';
  if (value === 0) return unit === 'day' ? 'сёння' : 'цяпер';
  const n = Math.abs(value);
  const words = `${n} ${UNITS[unit][form(n)]}`;
  return value < 0 ? `${words} таму` : `праз ${words}`;
}
