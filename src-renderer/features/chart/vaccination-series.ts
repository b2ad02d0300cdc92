import type { VaccinationDose } from '../../../shared/api/chart-method.js';

export interface SeriesRow {
  series: string;
  infection: string;
  done: number;
  total: number;
  /**
   * The series as a whole: overdue if any dose is, else due, else upcoming, else "no data" (an
   * adult's childhood doses without records), else done.
   */
  state: VaccinationDose['state'];
  /** The dose to act on next (or the last one given when the series is complete). */
  next: VaccinationDose;
  /** When the last recorded dose was given. */
  lastGiven: string | null;
}

/** Series to act on first; "no data" last, below what is done: there is nothing to do about it today. */
const RANK: Record<VaccinationDose['state'], number> = { overdue: 0, due: 1, upcoming: 2, done: 3, 'no-data': 4 };

/**
 * One row per infection rather than per dose: a doctor asks "is hepatitis B done?", not "is its
 * third dose done?". Series that need action come first.
 */
export function vaccinationSeries(doses: readonly VaccinationDose[]): SeriesRow[] {
  const bySeries = new Map<string, VaccinationDose[]>();
  for (const dose of doses) {
    const list = bySeries.get(dose.series);
    if (list) list.push(dose);
    else bySeries.set(dose.series, [dose]);
  }
  const rows: SeriesRow[] = [];
  for (const [series, list] of bySeries) {
    const open = list.filter((d) => d.state !== 'done').sort((a, b) => RANK[a.state] - RANK[b.state] || a.dueDate.localeCompare(b.dueDate));
    const given = list.filter((d) => d.state === 'done');
    const next = open[0] ?? given[given.length - 1]!;
    const lastGiven = given.map((d) => d.date).filter((date): date is string => date !== null).sort().at(-1) ?? null;
    rows.push({ series, infection: list[0]!.infection, done: given.length, total: list.length, state: open[0]?.state ?? 'done', next, lastGiven });
  }
  return rows.sort((a, b) => RANK[a.state] - RANK[b.state] || a.next.dueDate.localeCompare(b.next.dueDate));
}
