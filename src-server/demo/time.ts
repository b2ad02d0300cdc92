import { addDays, parseIsoDate } from '../../shared/domain/vaccination-dates.js';

/**
 * Demo times are Minsk wall-clock times. Belarus keeps UTC+3 all year (no daylight saving since
 * 2011), so a fixed offset is exact.
 */
export const MINSK_OFFSET = '+03:00';
const OFFSET_MS = 3 * 60 * 60 * 1000;

/** The date in Minsk at `now`. */
export function minskDate(now: Date): string {
  return new Date(now.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** A Minsk wall-clock moment as a FHIR dateTime: at('2025-03-14', 9, 20) → 2025-03-14T09:20:00+03:00. */
export function at(date: string, hour: number, minute = 0): string {
  const carry = Math.floor(minute / 60);
  const h = hour + carry;
  const day = h >= 24 ? addDays(date, Math.floor(h / 24)) : date;
  return `${day}T${pad(h % 24)}:${pad(minute % 60)}:00${MINSK_OFFSET}`;
}

/** Adds minutes to a dateTime written by `at`. */
export function plusMinutes(dateTime: string, minutes: number): string {
  const moment = new Date(new Date(dateTime).getTime() + minutes * 60_000 + OFFSET_MS);
  return `${moment.toISOString().slice(0, 19)}${MINSK_OFFSET}`;
}

/** 0 Sunday ... 6 Saturday. */
export function weekday(date: string): number {
  return parseIsoDate(date).getUTCDay();
}

/** The working day on or after `date` (Monday to Friday). */
export function workingDayFrom(date: string): string {
  let day = date;
  while (weekday(day) === 0 || weekday(day) === 6) day = addDays(day, 1);
  return day;
}

/** Whole days from `a` to `b`. */
export function daysBetween(a: string, b: string): number {
  return Math.round((parseIsoDate(b).getTime() - parseIsoDate(a).getTime()) / 86_400_000);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
