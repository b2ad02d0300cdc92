import type { Language } from '../../shared/api/common.js';
import { belarusianRelative, belarusianShortDay, belarusianWeekday, hasBelarusianIntl } from './be-locale.js';

/** Dates and numbers in the reader's language, always through Intl: nothing formatted by hand. */
const LOCALES: Record<Language, string> = { ru: 'ru-RU', be: 'be-BY', en: 'en-GB' };
export const localeOf = (language: Language) => LOCALES[language];

/**
 * Intl formatters are costly to build (a long timeline formats a thousand dates): one per
 * language and options, built on first use.
 */
const DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();
const NUMBER_FORMATS = new Map<string, Intl.NumberFormat>();
function dateFormat(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let format = DATE_FORMATS.get(key);
  if (!format) DATE_FORMATS.set(key, (format = new Intl.DateTimeFormat(localeOf(language), options)));
  return format;
}
function numberFormat(language: Language, maximumFractionDigits: number): Intl.NumberFormat {
  const key = `${language}|${maximumFractionDigits}`;
  let format = NUMBER_FORMATS.get(key);
  if (!format) NUMBER_FORMATS.set(key, (format = new Intl.NumberFormat(localeOf(language), { maximumFractionDigits })));
  return format;
}

/** A calendar date (YYYY-MM-DD) without a time zone shift. */
export function formatDate(iso: string | null | undefined, language: Language): string {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return dateFormat(language, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

export function formatDateTime(iso: string | null | undefined, language: Language): string {
  if (!iso) return '—';
  return dateFormat(language, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** A FHIR date or date-time from the chart: a bare date is shown as a date, never with an invented midnight. */
export function formatWhen(value: string | null | undefined, language: Language): string {
  if (!value) return '—';
  return value.length === 10 ? formatDate(value, language) : formatDateTime(value, language);
}

/** The calendar day of a date or date-time, in the workstation's time zone. */
export function formatDay(value: string | null | undefined, language: Language): string {
  if (!value) return '—';
  if (value.length === 10) return formatDate(value, language);
  return dateFormat(language, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(value));
}

export function formatTime(iso: string, language: Language): string {
  return dateFormat(language, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function formatWeekday(isoDate: string, language: Language): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  if (language === 'be' && !hasBelarusianIntl()) return belarusianWeekday(new Date(Date.UTC(y, m - 1, d)));
  return dateFormat(language, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

/** "пн, 30.11": a day of a week in a column head. */
export function formatShortDay(isoDate: string, language: Language): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  if (language === 'be' && !hasBelarusianIntl()) return belarusianShortDay(new Date(Date.UTC(y, m - 1, d)));
  return dateFormat(language, { weekday: 'short', day: '2-digit', month: '2-digit', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

/** A time of day on the schedule's own clock (its IANA zone), whatever zone this computer is in. */
export function formatTimeIn(iso: string, timeZone: string, language: Language): string {
  return dateFormat(language, { hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));
}

/** A date and time on the schedule's own clock. */
export function formatDateTimeIn(iso: string, timeZone: string, language: Language): string {
  return dateFormat(language, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));
}

export function formatNumber(value: number, language: Language, maximumFractionDigits = 2): string {
  return numberFormat(language, maximumFractionDigits).format(value);
}

/** "5 minutes ago", "yesterday": for "last synchronised". */
export function formatRelative(iso: string | null | undefined, now: Date, language: Language): string | null {
  if (!iso) return null;
  const seconds = Math.round((new Date(iso).getTime() - now.getTime()) / 1000);
  const rtf =
    language === 'be' && !hasBelarusianIntl() ? { format: belarusianRelative } : new Intl.RelativeTimeFormat(localeOf(language), { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86_400), 'day');
}

/** Whole years between a birth date and today. */
export function ageInYears(birthDate: string | null, today: Date): number | null {
  if (!birthDate) return null;
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d)) age--;
  return age;
}

/** Personal number grouped as people read it aloud: 3120385 A 001 PB 2. */
export function formatPersonalNumber(value: string | null): string {
  if (!value || value.length !== 14) return value ?? '—';
  return `${value.slice(0, 7)} ${value.slice(7, 8)} ${value.slice(8, 11)} ${value.slice(11, 13)} ${value.slice(13)}`;
}

/** The local calendar date (YYYY-MM-DD) of a moment, in the workstation's time zone. */
export function localIsoDate(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
