import type { VaccinationDose } from '../../../shared/api/chart-method.js';

export interface SeriesRow {
  series: string;
  infection: string;
  done: number;
  total: number;
  /** The series as a whole: overdue if any dose is, else due, else upcoming, else done. */
  state: VaccinationDose['state'];
  /** The dose to act on next (or the last one given when the series is complete). */
  next: VaccinationDose;
}

const RANK: Record<VaccinationDose['state'], number> = { overdue: 0, due: 1, upcoming: 2, done: 3 };

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
    rows.push({ series, infection: list[0]!.infection, done: given.length, total: list.length, state: open[0]?.state ?? 'done', next });
  }
  return rows.sort((a, b) => RANK[a.state] - RANK[b.state] || a.next.dueDate.localeCompare(b.next.dueDate));
}
