import { parseIsoDate } from './vaccination-dates.js';

/**
 * Wall-clock time in a named time zone (a clinic's hours are "08:00 in Minsk"), converted with the
 * platform's Intl data so it also holds for zones with daylight saving. Runs anywhere (no node:).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isTimeZone(value: string): boolean {
  try {
    formatterFor(value);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` at `at`, as UTC milliseconds of the same numbers. */
function wallClockMillis(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(at).map((part) => [part.type, part.value]));
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
}

/** The instant at which the wall clock in `timeZone` shows `date` `time` (HH:MM). */
export function zonedToUtc(date: string, time: string, timeZone: string): Date {
  const day = parseIsoDate(date);
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const wall = day.getTime() + (hours * 60 + minutes) * 60_000;
  // The offset at the guessed instant; a second pass settles a guess that fell across a DST change.
  let utc = wall - (wallClockMillis(new Date(wall), timeZone) - wall);
  utc = wall - (wallClockMillis(new Date(utc), timeZone) - utc);
  return new Date(utc);
}

/** The calendar date (YYYY-MM-DD) in `timeZone` at `at`. */
export function localDateOf(at: Date | string, timeZone: string): string {
  return new Date(wallClockMillis(new Date(at), timeZone)).toISOString().slice(0, 10);
}

/** The wall-clock time (HH:MM) in `timeZone` at `at`. */
export function localTimeOf(at: Date | string, timeZone: string): string {
  return new Date(wallClockMillis(new Date(at), timeZone)).toISOString().slice(11, 16);
}

/** ISO weekday of a date: Monday 1 … Sunday 7. */
export function isoWeekday(date: string): number {
  const day = parseIsoDate(date).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Minutes since midnight of an HH:MM time. */
export function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

export function timeOfMinutes(total: number): string {
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}
