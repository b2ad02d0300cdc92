/**
 * Allergies doctors record most often, with the reactions they caused. Substances carry a SNOMED CT
 * or RxNorm code where one is certain; otherwise the text alone, as many real records do.
 */
export interface AllergySpec {
  text: string;
  coding?: { system: string; code: string; display: string };
  category: 'medication' | 'food' | 'environment' | 'biologic';
  criticality: 'low' | 'high';
  reactions: readonly { text: string; snomed?: string; severity: 'mild' | 'moderate' | 'severe' }[];
  /** Relative frequency among people with an allergy. */
  weight: number;
}

const SNOMED = 'http://snomed.info/sct';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const URTICARIA = { text: 'Крапивница', snomed: '64305001', severity: 'moderate' } as const;
const ANAPHYLAXIS = { text: 'Анафилактическая реакция', snomed: '39579001', severity: 'severe' } as const;
const RHINITIS = { text: 'Ринит, слезотечение', severity: 'mild' } as const;
const ANGIOEDEMA = { text: 'Отёк Квинке', severity: 'severe' } as const;

export const ALLERGIES: readonly AllergySpec[] = [
  { text: 'Пенициллин', coding: { system: RXNORM, code: '7980', display: 'Penicillin G' }, category: 'medication', criticality: 'high', reactions: [URTICARIA, ANGIOEDEMA], weight: 20 },
  { text: 'Ацетилсалициловая кислота', coding: { system: RXNORM, code: '1191', display: 'Aspirin' }, category: 'medication', criticality: 'low', reactions: [URTICARIA, { text: 'Бронхоспазм', severity: 'severe' }], weight: 6 },
  { text: 'Сульфаниламиды', category: 'medication', criticality: 'low', reactions: [{ text: 'Кожная сыпь', severity: 'mild' }], weight: 5 },
  { text: 'Новокаин (прокаин)', category: 'medication', criticality: 'high', reactions: [ANAPHYLAXIS], weight: 3 },
  { text: 'Пыльца берёзы', category: 'environment', criticality: 'low', reactions: [RHINITIS], weight: 22 },
  { text: 'Домашняя пыль (клещ домашней пыли)', category: 'environment', criticality: 'low', reactions: [RHINITIS, { text: 'Затруднённое дыхание', severity: 'moderate' }], weight: 12 },
  { text: 'Шерсть кошки', category: 'environment', criticality: 'low', reactions: [RHINITIS], weight: 8 },
  { text: 'Яд пчелы', category: 'biologic', criticality: 'high', reactions: [ANAPHYLAXIS, ANGIOEDEMA], weight: 3 },
  { text: 'Орехи кешью', coding: { system: SNOMED, code: '227493005', display: 'Cashew nuts' }, category: 'food', criticality: 'high', reactions: [ANGIOEDEMA], weight: 4 },
  { text: 'Рыба', coding: { system: SNOMED, code: '227037002', display: 'Fish - dietary (substance)' }, category: 'food', criticality: 'low', reactions: [URTICARIA], weight: 4 },
  { text: 'Цитрусовые', category: 'food', criticality: 'low', reactions: [{ text: 'Кожный зуд, сыпь', severity: 'mild' }], weight: 8 },
  { text: 'Белок коровьего молока', category: 'food', criticality: 'low', reactions: [{ text: 'Атопический дерматит', severity: 'mild' }], weight: 5 },
];

export const NO_KNOWN_ALLERGY = { system: SNOMED, code: '716186003', display: 'No known allergy (situation)' } as const;
