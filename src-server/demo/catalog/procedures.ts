import type { DiagnosisKey } from './diagnoses.js';

/** Operations of the demo's hospital stories, SNOMED CT coded, with what the surgeon writes. */
export interface OperationSpec {
  snomed: string;
  display: string;
  title: string;
  reason: DiagnosisKey;
  /** Days in hospital around it (0: day surgery). */
  stayDays: [number, number];
  ward: 'surgery' | 'trauma' | 'theatre';
  outcome: string;
}

export const OPERATIONS = {
  appendectomy: { snomed: '80146002', display: 'Appendectomy', title: 'Лапароскопическая аппендэктомия', reason: 'appendicitis', stayDays: [4, 7], ward: 'surgery', outcome: 'Без осложнений. Выписан на 5-е сутки.' },
  cholecystectomy: { snomed: '45595009', display: 'Laparoscopic cholecystectomy', title: 'Лапароскопическая холецистэктомия', reason: 'cholecystitis', stayDays: [4, 8], ward: 'surgery', outcome: 'Послеоперационный период без осложнений.' },
  herniaRepair: { snomed: '44558001', display: 'Repair of inguinal hernia', title: 'Грыжесечение с пластикой пахового канала сетчатым имплантом', reason: 'inguinalHernia', stayDays: [2, 4], ward: 'surgery', outcome: 'Рана зажила первичным натяжением.' },
  hipReplacement: { snomed: '52734007', display: 'Total replacement of hip', title: 'Тотальное эндопротезирование тазобедренного сустава', reason: 'hipFracture', stayDays: [10, 16], ward: 'trauma', outcome: 'Активизирован на 2-е сутки, ходит с опорой на ходунки.' },
  cataract: { snomed: '54885007', display: 'Extraction of cataract', title: 'Факоэмульсификация катаракты с имплантацией интраокулярной линзы', reason: 'cataract', stayDays: [0, 0], ward: 'theatre', outcome: 'Острота зрения на 1-е сутки 0,8.' },
} as const satisfies Record<string, OperationSpec>;

export type OperationKey = keyof typeof OPERATIONS;
export const SURGICAL_PROCEDURE = { system: 'http://snomed.info/sct', code: '387713003', display: 'Surgical procedure' } as const;
