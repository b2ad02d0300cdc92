/**
 * Medicines as a Belarusian prescription names them (international non-proprietary name, strength,
 * form), with their ATC codes, and the dosage a doctor writes.
 */
export const ATC_SYSTEM = 'http://www.whocc.no/atc';

export interface Medicine {
  atc: string;
  name: string;
  dosage: string;
  /** Taken for good (chronic) or for a course of `days`. */
  days?: number;
}

const m = (atc: string, name: string, dosage: string, days?: number): Medicine => ({ atc, name, dosage, ...(days ? { days } : {}) });

export const MEDICINES = {
  amlodipine: m('C08CA01', 'Амлодипин 5 мг, таблетки', 'По 1 таблетке 1 раз в день утром'),
  lisinopril: m('C09AA03', 'Лизиноприл 10 мг, таблетки', 'По 1 таблетке 1 раз в день утром'),
  enalapril: m('C09AA02', 'Эналаприл 10 мг, таблетки', 'По 1 таблетке 2 раза в день'),
  indapamide: m('C03BA11', 'Индапамид 2,5 мг, таблетки', 'По 1 таблетке 1 раз в день утром'),
  bisoprolol: m('C07AB07', 'Бисопролол 5 мг, таблетки', 'По 1 таблетке 1 раз в день утром, под контролем пульса'),
  metformin: m('A10BA02', 'Метформин 1000 мг, таблетки', 'По 1 таблетке 2 раза в день во время еды'),
  atorvastatin: m('C10AA05', 'Аторвастатин 20 мг, таблетки', 'По 1 таблетке 1 раз в день вечером'),
  aspirin: m('B01AC06', 'Ацетилсалициловая кислота 75 мг, таблетки', 'По 1 таблетке 1 раз в день после ужина'),
  apixaban: m('B01AF02', 'Апиксабан 5 мг, таблетки', 'По 1 таблетке 2 раза в день'),
  levothyroxine: m('H03AA01', 'Левотироксин натрия 50 мкг, таблетки', 'По 1 таблетке утром натощак за 30 минут до еды'),
  salbutamol: m('R03AC02', 'Сальбутамол 100 мкг/доза, аэрозоль для ингаляций', 'По 1-2 ингаляции при приступе удушья, не более 8 в сутки'),
  budesonideFormoterol: m('R03AK07', 'Будесонид/формотерол 160/4,5 мкг/доза, порошок для ингаляций', 'По 1 ингаляции 2 раза в день'),
  tiotropium: m('R03BB04', 'Тиотропия бромид 18 мкг, капсулы с порошком для ингаляций', 'По 1 ингаляции 1 раз в день'),
  tamsulosin: m('G04CA02', 'Тамсулозин 0,4 мг, капсулы', 'По 1 капсуле 1 раз в день после завтрака'),
  omeprazole: m('A02BC01', 'Омепразол 20 мг, капсулы', 'По 1 капсуле 2 раза в день за 30 минут до еды', 28),
  amoxicillin: m('J01CA04', 'Амоксициллин 500 мг, капсулы', 'По 1 капсуле 3 раза в день', 7),
  amoxiclav: m('J01CR02', 'Амоксициллин/клавулановая кислота 875/125 мг, таблетки', 'По 1 таблетке 2 раза в день во время еды', 7),
  ceftriaxone: m('J01DD04', 'Цефтриаксон 1 г, порошок для приготовления раствора для инъекций', '1 г внутривенно 1 раз в сутки', 7),
  fosfomycin: m('J01XX01', 'Фосфомицин 3 г, гранулы для приготовления раствора', '3 г однократно на ночь', 1),
  oseltamivir: m('J05AH02', 'Осельтамивир 75 мг, капсулы', 'По 1 капсуле 2 раза в день', 5),
  paracetamol: m('N02BE01', 'Парацетамол 500 мг, таблетки', 'По 1 таблетке при температуре выше 38,5 °C, не чаще 4 раз в сутки', 5),
  ibuprofen: m('M01AE01', 'Ибупрофен 400 мг, таблетки', 'По 1 таблетке 3 раза в день после еды', 5),
  diclofenacGel: m('M02AA15', 'Диклофенак 1%, гель для наружного применения', 'Наносить на область коленных суставов 3 раза в день', 14),
  cetirizine: m('R06AE07', 'Цетиризин 10 мг, таблетки', 'По 1 таблетке 1 раз в день вечером в сезон цветения', 30),
  ironSulfate: m('B03AA07', 'Железа сульфат 320 мг, таблетки', 'По 1 таблетке 2 раза в день до еды', 60),
  paracetamolSyrup: m('N02BE01', 'Парацетамол 120 мг/5 мл, суспензия для приёма внутрь', 'По 5 мл при температуре выше 38,5 °C, не чаще 4 раз в сутки', 5),
  ibuprofenSyrup: m('M01AE01', 'Ибупрофен 100 мг/5 мл, суспензия для приёма внутрь', 'По 5 мл 3 раза в день после еды', 5),
  amoxicillinSyrup: m('J01CA04', 'Амоксициллин 250 мг/5 мл, порошок для приготовления суспензии', 'По 5 мл 3 раза в день', 7),
  amoxiclavSyrup: m('J01CR02', 'Амоксициллин/клавулановая кислота 250/62,5 мг/5 мл, порошок для приготовления суспензии', 'По 5 мл 2 раза в день во время еды', 7),
  oseltamivirChild: m('J05AH02', 'Осельтамивир 30 мг, капсулы', 'По 1 капсуле 2 раза в день', 5),
} as const satisfies Record<string, Medicine>;

export type MedicineKey = keyof typeof MEDICINES;

/** What a child under 12 is prescribed instead: a syrup, a smaller dose. */
export const CHILD_FORMS: Partial<Record<MedicineKey, MedicineKey>> = {
  paracetamol: 'paracetamolSyrup',
  ibuprofen: 'ibuprofenSyrup',
  amoxicillin: 'amoxicillinSyrup',
  amoxiclav: 'amoxiclavSyrup',
  oseltamivir: 'oseltamivirChild',
};
