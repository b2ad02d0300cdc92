import { describe, expect, it } from 'vitest';
import type { VaccinationDose } from '../../../shared/api/chart-method.js';
import { vaccinationSeries } from './vaccination-series.js';

const dose = (series: string, n: number, state: VaccinationDose['state'], dueDate: string): VaccinationDose => ({
  series,
  infection: series,
  dose: n,
  state,
  date: state === 'done' ? dueDate : null,
  dueDate,
  overdueDate: dueDate,
});

describe('vaccinationSeries', () => {
  it('sums each infection up, the ones needing action first, pointing at the dose to give next', () => {
    const rows = vaccinationSeries([
      dose('mmr', 1, 'done', '2016-06-30'),
      dose('mmr', 2, 'done', '2021-06-30'),
      dose('td', 1, 'upcoming', '2031-06-30'),
      dose('hepb', 1, 'done', '2015-06-30'),
      dose('hepb', 2, 'overdue', '2015-08-30'),
      dose('hepb', 3, 'overdue', '2015-09-30'),
      dose('polio', 4, 'due', '2022-06-30'),
    ]);
    expect(rows.map((r) => [r.series, r.state, `${r.done}/${r.total}`, r.next.dose])).toEqual([
      ['hepb', 'overdue', '1/3', 2],
      ['polio', 'due', '0/1', 4],
      ['td', 'upcoming', '0/1', 1],
      ['mmr', 'done', '2/2', 2],
    ]);
  });
});

describe('vaccinationSeries for an adult', () => {
  it('puts childhood series without records last as "no data", with the last dose recorded if any', () => {
    const rows = vaccinationSeries([
      dose('hepb', 1, 'no-data', '1978-03-10'),
      dose('hepb', 2, 'no-data', '1978-05-10'),
      dose('mmr', 1, 'done', '1979-03-10'),
      dose('mmr', 2, 'no-data', '1984-03-10'),
      dose('td', 4, 'overdue', '2024-03-10'),
      dose('td', 5, 'upcoming', '2034-03-10'),
      dose('bcg', 1, 'done', '1978-03-13'),
    ]);
    expect(rows.map((r) => [r.series, r.state, `${r.done}/${r.total}`, r.lastGiven])).toEqual([
      ['td', 'overdue', '0/2', null],
      ['bcg', 'done', '1/1', '1978-03-13'],
      ['hepb', 'no-data', '0/2', null],
      ['mmr', 'no-data', '1/2', '1979-03-10'],
    ]);
  });
});
