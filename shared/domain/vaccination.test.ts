import type { Immunization } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { dosesToGive, vaccinationStatus } from './vaccination.js';
import { CALENDAR_SOURCE, CVX_SYSTEM, NATIONAL_CALENDAR, VACCINATION_CALENDAR_SYSTEM } from './vaccination-calendar.js';

function shot(code: string, date: string, system = VACCINATION_CALENDAR_SYSTEM, status: Immunization['status'] = 'completed'): Immunization {
  return { resourceType: 'Immunization', status, vaccineCode: { coding: [{ system, code }] }, patient: { reference: 'Patient/p' }, occurrenceDateTime: date };
}

const find = (list: ReturnType<typeof vaccinationStatus>, series: string, dose: number) => list.find((s) => s.series === series && s.dose === dose);

describe('the national calendar data', () => {
  it('keeps the transcription warning and a confidence for every series', () => {
    expect(CALENDAR_SOURCE.transcribedByHand).toBe(true);
    for (const series of NATIONAL_CALENDAR) expect(['high', 'medium', 'low']).toContain(series.confidence);
    expect(NATIONAL_CALENDAR.find((s) => s.code === 'td')?.confidence).toBe('low');
    expect(NATIONAL_CALENDAR.find((s) => s.code === 'pcv')?.doses.map((d) => d.age)).toEqual([
      { amount: 2, unit: 'mo' },
      { amount: 4, unit: 'mo' },
      { amount: 12, unit: 'mo' },
    ]);
  });
});

describe('vaccinationStatus', () => {
  const birth = '2024-01-31';

  it('marks given doses done with their date and the rest by age', () => {
    const given = [shot('hepb', '2024-01-31'), shot('bcg', '2024-02-03'), shot('hepb', '2024-03-31')];
    const status = vaccinationStatus(birth, given, '2024-05-02');
    expect(find(status, 'hepb', 1)).toMatchObject({ state: 'done', date: '2024-01-31' });
    expect(find(status, 'hepb', 2)).toMatchObject({ state: 'done', date: '2024-03-31', dueDate: '2024-03-31' });
    expect(find(status, 'bcg', 1)).toMatchObject({ state: 'done' });
    // Month arithmetic clamps: 31 January + 3 months is 30 April.
    expect(find(status, 'dtp', 1)).toMatchObject({ state: 'overdue', dueDate: '2024-03-31', overdueDate: '2024-04-30' });
    expect(find(status, 'hepb', 3)).toMatchObject({ state: 'due', dueDate: '2024-04-30' });
    expect(find(status, 'mmr', 1)).toMatchObject({ state: 'upcoming', dueDate: '2025-01-31' });
  });

  it('does not count refused or erroneous records', () => {
    const status = vaccinationStatus(birth, [shot('bcg', '2024-02-03', VACCINATION_CALENDAR_SYSTEM, 'not-done')], '2024-06-01');
    expect(find(status, 'bcg', 1)?.state).toBe('overdue');
  });

  it('counts a hexavalent vaccine (CVX 146) for all four of its series', () => {
    const status = vaccinationStatus(birth, [shot('146', '2024-03-31', CVX_SYSTEM)], '2024-04-10');
    for (const series of ['dtp', 'hib', 'polio']) expect(find(status, series, 1)?.state).toBe('done');
    // For hepatitis B it is the first dose found, so the birth dose is taken as given and dose 2 is due.
    expect(find(status, 'hepb', 1)?.state).toBe('done');
    expect(find(status, 'hepb', 2)?.state).toBe('due');
    expect(find(status, 'mmr', 1)?.state).toBe('upcoming');
  });

  it('lists HPV only for girls, and influenza never by age', () => {
    const girl = vaccinationStatus('2012-05-01', [], '2025-01-01', { sex: 'female' });
    const boy = vaccinationStatus('2012-05-01', [], '2025-01-01', { sex: 'male' });
    expect(find(girl, 'hpv', 1)?.state).toBe('overdue');
    expect(find(boy, 'hpv', 1)).toBeUndefined();
    expect(girl.some((s) => s.series === 'flu')).toBe(false);
  });

  it('replaces a missed adult booster by the next one and honours a late booster', () => {
    const adult = '1985-03-10';
    const none = vaccinationStatus(adult, [], '2025-06-01').filter((s) => s.series === 'td');
    // At 40: boosters at 16 and 26 are dropped, the one at 36 is overdue, 46-66 upcoming.
    expect(none.map((s) => [s.dose, s.state])).toEqual([
      [3, 'overdue'],
      [4, 'upcoming'],
      [5, 'upcoming'],
      [6, 'upcoming'],
    ]);
    const late = vaccinationStatus(adult, [shot('td', '2018-09-01')], '2025-06-01').filter((s) => s.series === 'td');
    // A booster at 33 is nearest to the one at 36: done; nothing overdue, the next at 46.
    expect(late.map((s) => [s.dose, s.state])).toEqual([
      [3, 'done'],
      [4, 'upcoming'],
      [5, 'upcoming'],
      [6, 'upcoming'],
    ]);
    expect(late[0]).toMatchObject({ date: '2018-09-01' });
  });

  it('gives the doses to act on, overdue first', () => {
    const todo = dosesToGive(vaccinationStatus(birth, [], '2024-04-15'));
    expect(todo.length).toBeGreaterThan(0);
    expect(todo[0]!.state).toBe('overdue');
    expect(todo.every((s, i) => i === 0 || s.state !== 'overdue' || todo[i - 1]!.state === 'overdue')).toBe(true);
    expect(todo.some((s) => s.state === 'due')).toBe(true);
  });

  it('shows an adult’s childhood doses without records as "no data", not overdue since birth', () => {
    // 48 years old, only an MMR at one year and a Td booster at 40 on record.
    const status = vaccinationStatus('1978-03-10', [shot('mmr', '1979-03-20'), shot('td', '2018-04-01')], '2026-11-26', { sex: 'female' });
    const childhood = status.filter((s) => s.series !== 'td');
    expect(childhood.filter((s) => s.state !== 'done').every((s) => s.state === 'no-data')).toBe(true);
    expect(find(status, 'hepb', 1)).toMatchObject({ state: 'no-data', dueDate: '1978-03-10' });
    expect(find(status, 'hpv', 1)?.state).toBe('no-data');
    expect(find(status, 'mmr', 1)).toMatchObject({ state: 'done', date: '1979-03-20' });
    expect(find(status, 'mmr', 2)?.state).toBe('no-data');
    // The adult calendar keeps its logic: the booster at 40 counts for the one at 36, the one at 46 is overdue.
    expect(status.filter((s) => s.series === 'td').map((s) => [s.dose, s.state])).toEqual([
      [3, 'done'],
      [4, 'overdue'],
      [5, 'upcoming'],
      [6, 'upcoming'],
    ]);
    expect(dosesToGive(status).map((s) => `${s.series}-${s.dose}`)).toEqual(['td-4']);
  });

  it('keeps a teenager’s missing childhood doses overdue until the age of catching up (18)', () => {
    const at17 = vaccinationStatus('2008-01-15', [], '2026-01-14', { sex: 'female' });
    expect(find(at17, 'mmr', 2)?.state).toBe('overdue');
    expect(find(at17, 'hpv', 1)?.state).toBe('overdue');
    const at18 = vaccinationStatus('2008-01-15', [], '2026-01-15', { sex: 'female' });
    expect(find(at18, 'mmr', 2)?.state).toBe('no-data');
    expect(find(at18, 'td', 1)?.state).toBe('overdue');
  });
});
