import { describe, expect, it } from 'vitest';
import { assembleChart } from './assemble.js';
import { patientSummary, recordResources, TODAY } from './sample-records/record.js';

const chart = (pending: string[] = []) =>
  assembleChart(recordResources(), { today: TODAY, syncedAt: null, patientSummary, pending: new Set(pending) });

describe('assembleChart: timeline', () => {
  it('lists every encounter across institutions newest first, classified by kind, without entries in error', () => {
    const timeline = chart().timeline;
    expect(timeline.map((e) => [e.id, e.kind])).toEqual([
      ['enc-today', 'outpatient'],
      ['enc-2025-pol', 'outpatient'],
      ['enc-2024-lode', 'outpatient'],
      ['enc-2023-prev', 'preventive'],
      ['enc-2019-hosp', 'surgery'],
      ['enc-2019-amb', 'ambulance'],
    ]);
    expect(new Set(timeline.map((e) => e.source.institution)).size).toBe(4);
  });

  it('names where and who, reading the institution kind from our code or from the name', () => {
    const byId = new Map(chart().timeline.map((e) => [e.id, e]));
    expect(byId.get('enc-2019-amb')!.source).toEqual({ institution: 'Городская станция скорой медицинской помощи', institutionKind: 'ambulance', practitioner: null });
    expect(byId.get('enc-2019-hosp')!.source).toMatchObject({ institutionKind: 'hospital', practitioner: 'Лукашевич Павел Иванович' });
    expect(byId.get('enc-2023-prev')!.source.institutionKind).toBe('state');
  });

  it('carries the diagnoses, operations, prescriptions and note sections of each visit, sections in writing order', () => {
    const byId = new Map(chart().timeline.map((e) => [e.id, e]));
    expect(byId.get('enc-2019-hosp')!.procedures).toEqual(['Лапароскопическая холецистэктомия']);
    expect(byId.get('enc-2024-lode')!.prescriptions).toEqual(['Лизиноприл 10 мг, таблетки — по 1 таблетке утром']);
    const visit = byId.get('enc-2025-pol')!;
    expect(visit.diagnoses).toEqual([{ code: 'J06.9', system: 'ICD-10', text: 'Острая инфекция верхних дыхательных путей неуточненная' }]);
    expect(visit.notes.map((n) => [n.section, n.title])).toEqual([
      ['complaints', 'Жалобы'],
      ['plan', 'План'],
    ]);
    expect(visit.notes[0]!.text).toBe('Насморк, першение в горле, температура до 37,8 °C.');
    expect(visit.title).toBe('Приём терапевта');
  });

  it('marks a visit whose encounter or any of its parts still waits for Central', () => {
    expect(chart().timeline.every((e) => !e.pendingSync)).toBe(true);
    expect(chart(['Condition/cond-today']).timeline.find((e) => e.id === 'enc-today')!.pendingSync).toBe(true);
    expect(chart(['Encounter/enc-2025-pol']).timeline.filter((e) => e.pendingSync).map((e) => e.id)).toEqual(['enc-2025-pol']);
  });
});

describe('assembleChart: labs, studies, anamnesis', () => {
  it('groups lab results by test, newest first, with ranges and flags sent or computed', () => {
    const labs = chart().labs;
    expect(labs.map((s) => s.code.text)).toEqual(['Гемоглобин', 'Глюкоза']);
    const hb = labs[0]!;
    expect(hb.code).toEqual({ code: '718-7', system: 'LOINC', text: 'Гемоглобин' });
    expect(hb.values.map((v) => [v.value, v.flag])).toEqual([
      [124, 'normal'],
      [112, 'low'],
      [131, 'normal'],
    ]);
    expect(hb.values[0]).toMatchObject({ unit: 'г/л', low: 120, high: 150, source: { institution: 'Лаборатория «Синэво»', institutionKind: 'laboratory' } });
    expect(hb.values[2]!.source.institution).toBe('УЗ «14-я городская поликлиника» г. Минска');
    expect(labs[1]!.values.map((v) => [v.display, v.flag])).toEqual([['6.4', 'high']]);
  });

  it('lists studies with their report text and leaves laboratory panels to the labs', () => {
    const studies = chart().studies;
    expect(studies.map((s) => [s.id, s.title])).toEqual([
      ['dr-ecg', 'ЭКГ в 12 отведениях'],
      ['dr-us', 'УЗИ органов брюшной полости'],
    ]);
    expect(studies[0]!.conclusion).toContain('гипертрофии левого желудочка');
    expect(studies[0]!.category).toBe('Электрокардиография');
    expect(studies.map((s) => s.categoryCode)).toEqual(['EC', 'US']);
    expect(studies[1]!.conclusion).toBe('Желчный пузырь увеличен, в просвете конкременты до 12 мм.');
  });

  it('gathers life anamnesis: blood group, past illnesses once each, operations, habits', () => {
    const items = chart().anamnesis.map((a) => [a.kind, a.title, a.text]);
    expect(items).toEqual([
      ['blood-group', 'Группа крови и резус-фактор', 'A(II) Rh+'],
      ['past-illness', 'Острая инфекция верхних дыхательных путей неуточненная', 'J06.9'],
      ['past-illness', 'Камни желчного пузыря без холецистита', 'K80.2'],
      ['past-illness', 'Камни желчного пузыря с другим холециститом', 'K80.1'],
      ['surgery', 'Лапароскопическая холецистэктомия', 'УЗ «10-я городская клиническая больница»'],
      ['social', 'Курение', 'Не курит'],
    ]);
  });
});
