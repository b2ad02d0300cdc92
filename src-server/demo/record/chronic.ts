import type { Condition } from '@medplum/fhirtypes';
import { addYears } from '../../../shared/domain/vaccination-dates.js';
import { plusMinutes } from '../time.js';
import type { DiagnosisKey } from '../catalog/diagnoses.js';
import type { MedicineKey } from '../catalog/medications.js';
import type { PanelKey } from '../catalog/labs.js';
import type { RecordBuilder } from './builder.js';
import { condition, encounter, prescription, vitals } from './clinical.js';
import { dispensaryVisits } from './dispensary.js';

/**
 * Chronic diseases, by how common they are at the patient's age and sex in Belarus (roughly), each
 * with the medicines it is treated with. Those under dispensary observation (Д-III) bring regular
 * follow-up visits with blood pressure and the tests that follow the disease.
 */
export interface ChronicSpec {
  dx: DiagnosisKey | ((b: RecordBuilder) => DiagnosisKey);
  chance: (age: number, male: boolean) => number;
  minOnsetAge: number;
  medicines?: readonly MedicineKey[] | ((b: RecordBuilder) => readonly MedicineKey[]);
  /** Followed at dispensary visits, with these tests each time (or each year for `yearly`). */
  followed?: { tests?: readonly PanelKey[]; yearly?: readonly PanelKey[] };
  /** Seen once a year by this specialist of the polyclinic. */
  specialist?: string;
  effect?: (b: RecordBuilder, onset: string) => void;
}

const above = (min: number, p: number) => (age: number) => (age >= min ? p : 0);

export const CHRONIC: readonly ChronicSpec[] = [
  {
    dx: (b) => (b.ageOn(b.today) >= 55 && b.random.chance(0.5) ? 'hypertensiveHeart' : 'hypertension'),
    chance: (age) => (age < 35 ? 0.02 : age < 45 ? 0.1 : age < 55 ? 0.28 : age < 65 ? 0.45 : 0.6),
    minOnsetAge: 30,
    medicines: (b) => [b.random.pick(['amlodipine', 'lisinopril', 'enalapril'] as const), ...(b.random.chance(0.4) ? (['indapamide'] as const) : [])],
    followed: { yearly: ['biochemistry'] },
    specialist: 'cardiologist',
  },
  {
    dx: 'diabetes2',
    chance: (age) => (age < 45 ? 0.02 : age < 55 ? 0.06 : age < 65 ? 0.12 : 0.16),
    minOnsetAge: 35,
    medicines: ['metformin'],
    followed: { tests: ['hba1c', 'glucose'], yearly: ['biochemistry', 'urinalysis'] },
    effect: (b, onset) => void (b.health.diabetesSince = onset),
  },
  {
    dx: (b) => (b.random.chance(0.5) ? 'angina' : 'ihd'),
    chance: (age, male) => (age >= 65 ? 0.2 : age >= 55 ? 0.12 : 0) * (male ? 1.4 : 0.8),
    minOnsetAge: 50,
    medicines: ['atorvastatin', 'aspirin', 'bisoprolol'],
    followed: { yearly: ['lipids'] },
    specialist: 'cardiologist',
    effect: (b, onset) => Object.assign(b.health, { hypercholesterolemia: true, statinSince: onset }),
  },
  { dx: 'hypercholesterolemia', chance: above(40, 0.12), minOnsetAge: 35, medicines: ['atorvastatin'], followed: { yearly: ['lipids'] }, effect: (b, onset) => Object.assign(b.health, { hypercholesterolemia: true, statinSince: b.health.statinSince ?? onset }) },
  { dx: 'atrialFibrillation', chance: above(65, 0.08), minOnsetAge: 60, medicines: ['apixaban', 'bisoprolol'], followed: {}, specialist: 'cardiologist' },
  { dx: 'copd', chance: (age, male) => (male && age >= 50 ? 0.08 : 0), minOnsetAge: 45, medicines: ['tiotropium', 'salbutamol'], followed: {} },
  { dx: 'asthma', chance: above(5, 0.04), minOnsetAge: 4, medicines: ['budesonideFormoterol', 'salbutamol'], followed: {} },
  { dx: 'hypothyroidism', chance: (age, male) => (!male && age >= 30 ? 0.08 : 0), minOnsetAge: 25, medicines: ['levothyroxine'], followed: { tests: ['tsh'] }, effect: (b, onset) => void (b.health.hypothyroidSince = onset) },
  { dx: 'gastritis', chance: above(20, 0.08), minOnsetAge: 18, medicines: ['omeprazole'] },
  { dx: 'obesity', chance: above(25, 0.12), minOnsetAge: 20, effect: (b) => Object.assign(b.health, { obese: true, fattyLiver: b.random.chance(0.5) }) },
  { dx: 'gonarthrosis', chance: above(55, 0.18), minOnsetAge: 50, medicines: ['diclofenacGel'], specialist: 'surgeon' },
  { dx: 'osteochondrosis', chance: above(35, 0.15), minOnsetAge: 30, specialist: 'neurologist' },
  { dx: 'pollinosis', chance: (age) => (age >= 5 && age <= 50 ? 0.07 : 0), minOnsetAge: 4, medicines: ['cetirizine'] },
  { dx: 'myopia', chance: (age) => (age >= 8 && age <= 40 ? 0.1 : 0), minOnsetAge: 7, specialist: 'ophthalmologist' },
  { dx: 'bph', chance: (age, male) => (male && age >= 55 ? 0.2 : 0), minOnsetAge: 50, medicines: ['tamsulosin'] },
  { dx: 'atopicDermatitis', chance: (age) => (age < 10 ? 0.07 : 0), minOnsetAge: 0 },
  { dx: 'anemia', chance: (age, male) => (!male && age >= 18 && age <= 50 ? 0.05 : 0), minOnsetAge: 16, medicines: ['ironSulfate'], effect: (b) => void (b.health.anemia = true) },
  { dx: 'varicose', chance: (age, male) => (!male && age >= 35 ? 0.08 : 0), minOnsetAge: 30, specialist: 'surgeon' },
  { dx: 'chronicTonsillitis', chance: (age) => (age >= 7 && age < 40 ? 0.04 : 0), minOnsetAge: 6 },
];

export interface ChronicDisease {
  spec: ChronicSpec;
  condition: Condition & { id: string };
  onset: string;
  medicines?: readonly MedicineKey[];
}

/** How far back records reach: what was diagnosed earlier arrived as a condition without its visit. */
const RECORD_YEARS = 6;

export function chronicDiseases(b: RecordBuilder): ChronicDisease[] {
  const age = b.ageOn(b.today);
  const diseases: ChronicDisease[] = [];
  for (const spec of CHRONIC) {
    if (age < spec.minOnsetAge || !b.random.chance(spec.chance(age, b.person.sex === 'male'))) continue;
    const years = b.random.int(0, Math.min(15, age - spec.minOnsetAge));
    const onset = b.workday(b.dayBetween(addYears(b.today, -years - 1), addYears(b.today, -years)));
    const key = typeof spec.dx === 'function' ? spec.dx(b) : spec.dx;
    const doctor = b.doctorOn(onset);
    const recent = onset >= addYears(b.today, -RECORD_YEARS);
    const start = b.visitTime(onset);
    const visit = recent ? encounter(b, { kind: 'outpatient', who: [doctor], start, end: plusMinutes(start, 12), reason: key, room: b.staffMember(doctor).spec.room }) : undefined;
    if (visit && (key === 'hypertension' || key === 'hypertensiveHeart')) vitals(b, { at: start, by: doctor, encounter: visit, bp: [b.random.int(150, 172), b.random.int(92, 106)], pulse: b.random.int(70, 92) });
    const made = condition(b, { dx: key, onset, recorder: doctor, encounter: visit, chronic: true });
    spec.effect?.(b, onset);
    diseases.push({ spec, condition: made, onset });
    const medicines = typeof spec.medicines === 'function' ? spec.medicines(b) : spec.medicines ?? [];
    diseases.at(-1)!.medicines = medicines;
    if (!spec.followed) for (const medicine of medicines) prescription(b, medicine, { on: onset, by: doctor, encounter: visit, reason: made });
  }
  dispensaryVisits(b, diseases);
  return diseases;
}
