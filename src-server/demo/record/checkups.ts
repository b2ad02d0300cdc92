import type { Observation } from '@medplum/fhirtypes';
import { PREVENTIVE_EXAM_RULES } from '../../../shared/domain/preventive-rules.js';
import { addDays, addYears } from '../../../shared/domain/vaccination-dates.js';
import { plusMinutes } from '../time.js';
import type { RecordBuilder } from './builder.js';
import type { ChronicDisease } from './chronic.js';
import { encounter, ref, vitals } from './clinical.js';
import { labPanel } from './labs.js';
import { study } from './studies.js';

export const DISPENSARY_GROUP_SYSTEM = 'https://medkarta.by/fhir/CodeSystem/dispensary-group';
const WINDOW_YEARS = 3;
/** Median height by age for children (cm, boys then girls), roughly the WHO curves. */
const CHILD_HEIGHT: readonly [number, number][] = [[50, 49], [76, 74], [87, 86], [96, 95], [103, 102], [110, 109], [116, 115], [122, 121], [128, 127], [133, 133], [138, 138], [144, 145], [150, 151], [157, 156], [164, 159], [169, 161], [172, 162], [175, 163]];

/**
 * Preventive examinations: adults by the rules of shared/domain/preventive-rules.ts (every three
 * years from 18, every year from 40), most people keeping to them; children once a year at the
 * pediatrician. An adult's examination brings blood and urine tests, fluorography, an ECG from
 * 40, a mammography for women from 50, and the dispensary group it ends with.
 */
export function preventiveExaminations(b: RecordBuilder, chronic: readonly ChronicDisease[]): void {
  const adultFrom = addYears(b.person.birthDate, 18);
  let day = b.workday(b.dayBetween(addYears(b.today, -WINDOW_YEARS), addYears(b.today, -WINDOW_YEARS + 1)));
  while (day < b.today) {
    const age = b.ageOn(day);
    if (day >= adultFrom) {
      const rule = PREVENTIVE_EXAM_RULES.find((r) => age >= r.minAge && (r.maxAge === undefined || age <= r.maxAge))!;
      if (b.random.chance(0.8)) adultExamination(b, day, chronic);
      day = b.workday(addDays(addYears(day, rule.intervalYears), b.random.int(-20, 40)));
    } else {
      if (age >= 1 && b.random.chance(0.85)) childExamination(b, day);
      day = b.workday(addDays(addYears(day, 1), b.random.int(-20, 30)));
    }
  }
}

function adultExamination(b: RecordBuilder, day: string, chronic: readonly ChronicDisease[]): void {
  const doctor = b.doctorOn(day);
  const start = b.visitTime(day);
  const visit = encounter(b, { kind: 'preventive', who: [doctor, 'nurse'], start, end: plusMinutes(start, 20), reason: 'examination', room: b.staffMember(doctor).spec.room });
  const { height, weight } = b.adultBody();
  const hypertensive = chronic.some((d) => d.onset <= day && /^I1[01]/.test(d.condition.code?.coding?.[0]?.code ?? ''));
  vitals(b, { at: start, by: 'nurse', encounter: visit, bp: hypertensive ? [b.random.int(130, 150), b.random.int(82, 94)] : [b.random.int(108, 132), b.random.int(66, 84)], pulse: b.random.int(60, 86), height, weight });
  const tests = addDays(day, 1) < b.today ? addDays(day, 1) : day;
  for (const panel of ['cbc', 'biochemistry', 'urinalysis'] as const) {
    if (panel !== 'urinalysis' || b.random.chance(0.5)) labPanel(b, panel, { on: tests, orderedBy: doctor, encounter: visit });
  }
  study(b, 'fluorography', { on: day, by: 'radiologist', orderedBy: doctor, encounter: visit, normal: b.random.chance(0.94) });
  if (b.ageOn(day) >= 40) study(b, 'ecg', { on: day, by: 'diagnostician', orderedBy: doctor, encounter: visit, normal: !hypertensive, finding: 0 });
  if (b.person.sex === 'female' && b.ageOn(day) >= 50 && b.random.chance(0.6)) study(b, 'mammography', { on: day, by: 'radiologist', orderedBy: doctor, encounter: visit, normal: b.random.chance(0.8) });
  const group = chronic.some((d) => d.onset <= day) ? ['Д-III', 'Пациенты с хроническими заболеваниями'] : b.random.chance(0.6) ? ['Д-I', 'Здоровые'] : ['Д-II', 'Практически здоровые'];
  b.add<Observation>({
    resourceType: 'Observation',
    meta: b.meta('polyclinic'),
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'exam', display: 'Exam' }] }],
    code: { coding: [{ system: DISPENSARY_GROUP_SYSTEM, code: 'group', display: 'Группа диспансерного наблюдения' }], text: 'Группа диспансерного наблюдения' },
    subject: b.subject,
    encounter: ref(visit),
    effectiveDateTime: start,
    performer: [b.practitioner(doctor)],
    valueCodeableConcept: { coding: [{ system: DISPENSARY_GROUP_SYSTEM, code: group[0]!, display: group[1]! }], text: `${group[0]} (${group[1]!.toLowerCase()})` },
  });
}

function childExamination(b: RecordBuilder, day: string): void {
  const start = b.visitTime(day);
  const visit = encounter(b, { kind: 'preventive', who: ['pediatrician'], start, end: plusMinutes(start, 15), reason: 'childExamination', room: '112' });
  const age = b.ageOn(day);
  const [boy, girl] = CHILD_HEIGHT[Math.min(age, CHILD_HEIGHT.length - 1)]!;
  const height = Math.round((b.person.sex === 'male' ? boy : girl) * (0.96 + (b.person.index % 9) * 0.01));
  vitals(b, { at: start, by: 'pediatrician', encounter: visit, height, weight: Math.round((age < 10 ? 16 : 19) * (height / 100) ** 2 * 10) / 10, pulse: b.random.int(75, 110) });
  if (age >= 1 && addDays(day, 1) < b.today && b.random.chance(0.4)) labPanel(b, 'cbc', { on: addDays(day, 1), orderedBy: 'pediatrician', encounter: visit });
}
