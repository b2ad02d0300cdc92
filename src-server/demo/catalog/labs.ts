/**
 * Laboratory tests as a Belarusian laboratory reports them (SI units), with LOINC codes and the
 * reference ranges printed on the form. `typical` is the mean and spread of a healthy adult's value;
 * the generator shifts it for illness and treatment.
 */
export interface Analyte {
  loinc: string;
  /** The LOINC display. */
  display: string;
  /** The name on a Russian lab form. */
  title: string;
  unit: string;
  ucum: string;
  /** Reference range; sex-specific where the form prints two. */
  range: { low?: number; high?: number } | { male: { low?: number; high?: number }; female: { low?: number; high?: number } };
  typical: { male: [number, number]; female: [number, number]; child?: [number, number] };
  decimals: number;
}

const both = (mean: number, spread: number): Analyte['typical'] => ({ male: [mean, spread], female: [mean, spread] });

export const ANALYTES = {
  hemoglobin: { loinc: '718-7', display: 'Hemoglobin [Mass/volume] in Blood', title: 'Гемоглобин', unit: 'г/л', ucum: 'g/L', range: { male: { low: 130, high: 170 }, female: { low: 120, high: 150 } }, typical: { male: [148, 14], female: [132, 12], child: [125, 10] }, decimals: 0 },
  erythrocytes: { loinc: '789-8', display: 'Erythrocytes [#/volume] in Blood by Automated count', title: 'Эритроциты', unit: '×10¹²/л', ucum: '10*12/L', range: { male: { low: 4.0, high: 5.5 }, female: { low: 3.7, high: 4.9 } }, typical: { male: [4.8, 0.5], female: [4.3, 0.4], child: [4.4, 0.4] }, decimals: 2 },
  leukocytes: { loinc: '6690-2', display: 'Leukocytes [#/volume] in Blood by Automated count', title: 'Лейкоциты', unit: '×10⁹/л', ucum: '10*9/L', range: { low: 4.0, high: 9.0 }, typical: { ...both(6.3, 2.2), child: [7.5, 2.2] }, decimals: 1 },
  platelets: { loinc: '777-3', display: 'Platelets [#/volume] in Blood by Automated count', title: 'Тромбоциты', unit: '×10⁹/л', ucum: '10*9/L', range: { low: 150, high: 400 }, typical: both(250, 80), decimals: 0 },
  lymphocytes: { loinc: '736-9', display: 'Lymphocytes/100 leukocytes in Blood by Automated count', title: 'Лимфоциты', unit: '%', ucum: '%', range: { low: 19, high: 37 }, typical: { ...both(29, 8), child: [40, 8] }, decimals: 0 },
  esr: { loinc: '30341-2', display: 'Erythrocyte sedimentation rate', title: 'СОЭ', unit: 'мм/ч', ucum: 'mm/h', range: { male: { low: 2, high: 10 }, female: { low: 2, high: 15 } }, typical: { male: [6, 4], female: [9, 5] }, decimals: 0 },
  glucose: { loinc: '14749-6', display: 'Glucose [Moles/volume] in Serum or Plasma', title: 'Глюкоза', unit: 'ммоль/л', ucum: 'mmol/L', range: { low: 3.9, high: 6.1 }, typical: both(5.0, 0.6), decimals: 1 },
  creatinine: { loinc: '14682-9', display: 'Creatinine [Moles/volume] in Serum or Plasma', title: 'Креатинин', unit: 'мкмоль/л', ucum: 'umol/L', range: { male: { low: 62, high: 106 }, female: { low: 44, high: 80 } }, typical: { male: [86, 14], female: [66, 11], child: [45, 10] }, decimals: 0 },
  alt: { loinc: '1742-6', display: 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma', title: 'АЛТ', unit: 'Ед/л', ucum: 'U/L', range: { male: { high: 41 }, female: { high: 33 } }, typical: { male: [24, 10], female: [18, 8] }, decimals: 0 },
  ast: { loinc: '1920-8', display: 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma', title: 'АСТ', unit: 'Ед/л', ucum: 'U/L', range: { male: { high: 40 }, female: { high: 32 } }, typical: { male: [23, 8], female: [19, 6] }, decimals: 0 },
  bilirubin: { loinc: '14631-6', display: 'Bilirubin.total [Moles/volume] in Serum or Plasma', title: 'Билирубин общий', unit: 'мкмоль/л', ucum: 'umol/L', range: { low: 3.4, high: 20.5 }, typical: both(11, 5), decimals: 1 },
  cholesterol: { loinc: '14647-2', display: 'Cholesterol [Moles/volume] in Serum or Plasma', title: 'Холестерин общий', unit: 'ммоль/л', ucum: 'mmol/L', range: { high: 5.2 }, typical: { ...both(5.0, 0.9), child: [4.1, 0.6] }, decimals: 2 },
  hdl: { loinc: '14646-4', display: 'Cholesterol in HDL [Moles/volume] in Serum or Plasma', title: 'ЛПВП', unit: 'ммоль/л', ucum: 'mmol/L', range: { male: { low: 1.0 }, female: { low: 1.2 } }, typical: { male: [1.2, 0.25], female: [1.5, 0.3] }, decimals: 2 },
  ldl: { loinc: '22748-8', display: 'Cholesterol in LDL [Moles/volume] in Serum or Plasma', title: 'ЛПНП', unit: 'ммоль/л', ucum: 'mmol/L', range: { high: 3.0 }, typical: both(3.0, 0.8), decimals: 2 },
  triglycerides: { loinc: '14927-8', display: 'Triglyceride [Moles/volume] in Serum or Plasma', title: 'Триглицериды', unit: 'ммоль/л', ucum: 'mmol/L', range: { high: 1.7 }, typical: both(1.3, 0.5), decimals: 2 },
  hba1c: { loinc: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', title: 'Гликированный гемоглобин (HbA1c)', unit: '%', ucum: '%', range: { low: 4.0, high: 6.0 }, typical: both(5.3, 0.35), decimals: 1 },
  tsh: { loinc: '3016-3', display: 'Thyrotropin [Units/volume] in Serum or Plasma', title: 'ТТГ', unit: 'мМЕ/л', ucum: 'm[IU]/L', range: { low: 0.4, high: 4.0 }, typical: both(1.9, 0.8), decimals: 2 },
  crp: { loinc: '1988-5', display: 'C reactive protein [Mass/volume] in Serum or Plasma', title: 'С-реактивный белок', unit: 'мг/л', ucum: 'mg/L', range: { high: 5 }, typical: both(2, 1.5), decimals: 1 },
  urineGravity: { loinc: '2965-2', display: 'Specific gravity of Urine', title: 'Удельный вес мочи', unit: '', ucum: '1', range: { low: 1.01, high: 1.025 }, typical: both(1.018, 0.005), decimals: 3 },
  urinePh: { loinc: '2756-5', display: 'pH of Urine', title: 'pH мочи', unit: '', ucum: '[pH]', range: { low: 5.0, high: 7.0 }, typical: both(6.0, 0.7), decimals: 1 },
  urineLeukocytes: { loinc: '5821-4', display: 'Leukocytes [#/area] in Urine sediment by Microscopy high power field', title: 'Лейкоциты в моче', unit: 'в п/зр', ucum: '/[HPF]', range: { high: 5 }, typical: both(2, 1.5), decimals: 0 },
} as const satisfies Record<string, Analyte>;

export type AnalyteKey = keyof typeof ANALYTES;

export interface Panel {
  loinc: string;
  display: string;
  title: string;
  analytes: readonly AnalyteKey[];
}

export const PANELS = {
  cbc: { loinc: '58410-2', display: 'Complete blood count (hemogram) panel - Blood by Automated count', title: 'Общий анализ крови', analytes: ['hemoglobin', 'erythrocytes', 'leukocytes', 'platelets', 'lymphocytes', 'esr'] },
  biochemistry: { loinc: '24323-8', display: 'Comprehensive metabolic 2000 panel - Serum or Plasma', title: 'Биохимический анализ крови', analytes: ['glucose', 'creatinine', 'alt', 'ast', 'bilirubin', 'cholesterol'] },
  lipids: { loinc: '24331-1', display: 'Lipid 1996 panel - Serum or Plasma', title: 'Липидограмма', analytes: ['cholesterol', 'hdl', 'ldl', 'triglycerides'] },
  hba1c: { loinc: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', title: 'Гликированный гемоглобин', analytes: ['hba1c'] },
  glucose: { loinc: '14749-6', display: 'Glucose [Moles/volume] in Serum or Plasma', title: 'Глюкоза крови', analytes: ['glucose'] },
  tsh: { loinc: '3016-3', display: 'Thyrotropin [Units/volume] in Serum or Plasma', title: 'Тиреотропный гормон', analytes: ['tsh'] },
  crp: { loinc: '1988-5', display: 'C reactive protein [Mass/volume] in Serum or Plasma', title: 'С-реактивный белок', analytes: ['crp'] },
  urinalysis: { loinc: '24357-6', display: 'Urinalysis macro (dipstick) panel - Urine', title: 'Общий анализ мочи', analytes: ['urineGravity', 'urinePh', 'urineLeukocytes'] },
} as const satisfies Record<string, Panel>;

export type PanelKey = keyof typeof PANELS;

/** The range printed for this person. */
export function rangeFor(analyte: Analyte, sex: 'male' | 'female'): { low?: number; high?: number } {
  return 'male' in analyte.range ? analyte.range[sex] : analyte.range;
}
