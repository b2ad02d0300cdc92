/**
 * FHIR dates as ranges. A date is as precise as it is written: `2024` is the whole year,
 * `2024-05` the month, `2024-05-10` the day, `2024-05-10T09:30:00+03:00` that second. Both the
 * index and the query use half-open ranges [low, high), so a search compares ranges, never strings.
 */
export interface DateRange {
  /** ISO instant, or '-infinity' for an open start. */
  low: string;
  /** ISO instant (exclusive), or 'infinity' for an open end. */
  high: string;
}

const DATE_PATTERN =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** Parses a FHIR date, dateTime or instant into its range; undefined when it is not one. */
export function dateRange(text: string): DateRange | undefined {
  const m = DATE_PATTERN.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = mo === undefined ? undefined : Number(mo);
  const day = d === undefined ? undefined : Number(d);
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (day !== undefined && (day < 1 || day > daysIn(year, month!))) return undefined;
  if (h === undefined) {
    const low = utc(year, (month ?? 1) - 1, day ?? 1);
    const high = day !== undefined ? utc(year, month! - 1, day + 1) : month !== undefined ? utc(year, month, 1) : utc(year + 1, 0, 1);
    return { low: iso(low, year), high: iso(high, year) };
  }
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  // A time without a zone is read as UTC (Central's clock); FHIR leaves it to the server.
  const offsetMinutes = !zone || zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const millis = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  const low = utc(year, month! - 1, day!, hour, minute, second, millis) - offsetMinutes * 60_000;
  const width = frac !== undefined ? 1 : s !== undefined ? 1000 : 60_000;
  return { low: iso(low, year), high: iso(low + width, year) };
}

function daysIn(year: number, month: number): number {
  return new Date(utc(year, month, 0)).getUTCDate();
}

/** Date.UTC, except that years 0-99 stay years 0-99 instead of becoming 1900-1999. */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millis = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, day);
  d.setUTCHours(hour, minute, second, millis);
  return d.getTime();
}

/** Years outside what PostgreSQL and JavaScript agree on become open ends instead of errors. */
function iso(millis: number, year: number): string {
  if (year < 1 || !Number.isFinite(millis)) return '-infinity';
  if (year > 9998) return 'infinity';
  return new Date(millis).toISOString();
}

/** A Period: a missing start or end is open on that side. */
export function periodRange(period: { start?: unknown; end?: unknown }): DateRange | undefined {
  const start = typeof period.start === 'string' ? dateRange(period.start) : undefined;
  const end = typeof period.end === 'string' ? dateRange(period.end) : undefined;
  if (!start && !end) return undefined;
  return { low: start?.low ?? '-infinity', high: end?.high ?? 'infinity' };
}
