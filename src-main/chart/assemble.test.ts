import { describe, expect, it } from 'vitest';
import { ChartViewSchema } from '../../shared/api/chart-method.js';
import { assembleChart } from './assemble.js';
import { patientSummary, recordResources, TODAY } from './sample-records/record.js';

const chart = (pending: string[] = []) =>
  assembleChart(recordResources(), { today: TODAY, syncedAt: '2025-06-10T07:30:00Z', patientSummary, pending: new Set(pending) });

describe('assembleChart: header and summary', () => {
  it('produces a view model that satisfies the API contract', () => {
    const view = chart();
    expect(ChartViewSchema.safeParse(view).success).toBe(true);
    expect(view.resourceCount).toBe(recordResources().length);
    expect(view.syncedAt).toBe('2025-06-10T07:30:00Z');
  });

  it('states age on today, the current mobile phone and the home address', () => {
    const view = chart();
    expect(view.age).toBe(47);
    expect(view.phone).toBe('+375 29 123-45-67');
    expect(view.address).toBe('220012, Минск, ул. Сурганова, д. 5, кв. 12');
  });

  it('lists each active problem once, the latest record of it, and leaves resolved ones out', () => {
    const problems = chart().summary.problems;
    expect(problems.map((p) => p.diagnosis.code)).toEqual(['I10']);
    expect(problems[0]).toMatchObject({ id: 'cond-today', status: 'active', diagnosis: { system: 'ICD-10', text: 'Эссенциальная (первичная) гипертензия' } });
  });

  it('puts high-criticality allergies first, with reactions and the version an edit must name', () => {
    const { allergies, noKnownAllergies } = chart().summary;
    expect(allergies.map((a) => [a.substance, a.status, a.criticality])).toEqual([
      ['Пенициллин', 'active', 'high'],
      ['Пыльца берёзы', 'inactive', 'low'],
    ]);
    expect(allergies[0]!.reactions).toEqual(['Крапивница', 'Отёк Квинке']);
    expect(allergies[0]!.versionId).toBe(3);
    expect(noKnownAllergies).toBe(false);
  });

  it('lists current medication with its dosage and who prescribed it', () => {
    const [medication, ...rest] = chart().summary.medications;
    expect(rest).toEqual([]);
    expect(medication).toMatchObject({ medication: 'Лизиноприл 10 мг, таблетки', dosage: 'по 1 таблетке утром', authoredOn: '2024-11-05' });
    expect(medication!.source).toEqual({ institution: 'Медицинский центр «ЛОДЭ»', institutionKind: 'private', practitioner: 'Козлов Андрей Викторович' });
  });

  it('reports the diphtheria-tetanus booster due at 46 against the national calendar (the missed one at 16 replaced by later ones)', () => {
    const td = chart().summary.vaccinations.filter((d) => d.series === 'td');
    expect(td.map((d) => [d.dose, d.state, d.date])).toEqual([
      [2, 'done', '2004-04-01'],
      [3, 'done', '2014-03-20'],
      [4, 'due', null],
      [5, 'upcoming', null],
      [6, 'upcoming', null],
    ]);
    expect(td[2]!.dueDate).toBe('2024-03-12');
  });

  it('shows this adult’s childhood series without records as "no data", so nothing from infancy is overdue', () => {
    const vaccinations = chart().summary.vaccinations;
    expect(vaccinations.filter((d) => d.series === 'hepb').map((d) => d.state)).toEqual(['no-data', 'no-data', 'no-data', 'no-data']);
    expect(vaccinations.filter((d) => d.state === 'overdue')).toEqual([]);
  });

  it('finds the last preventive examination in any institution and when the next is due', () => {
    expect(chart().summary.preventive).toEqual({ lastExam: '2023-04-18', nextDue: '2024-04-18', dueNow: true });
  });
});
