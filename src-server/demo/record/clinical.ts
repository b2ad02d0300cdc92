import type { CodeableConcept, Condition, Encounter, MedicationRequest, Observation, Reference, Resource } from '@medplum/fhirtypes';
import { encounterClassOf, encounterKindCoding, type EncounterKind } from '../../../shared/fhir/encounter-kinds.js';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { DX, type DiagnosisKey } from '../catalog/diagnoses.js';
import { ATC_SYSTEM, CHILD_FORMS, MEDICINES, type MedicineKey } from '../catalog/medications.js';
import { addDays } from '../../../shared/domain/vaccination-dates.js';
import type { InstitutionKey } from '../institutions.js';
import type { RecordBuilder } from './builder.js';

const TERMINOLOGY = 'http://terminology.hl7.org/CodeSystem';

export function diagnosisConcept(key: DiagnosisKey): CodeableConcept {
  const dx = DX[key];
  return { coding: [{ system: SYSTEMS.icd10, code: dx.code, display: dx.title }], text: dx.title };
}

export const ref = <T extends Resource>(resource: T & { id: string }): Reference<T> => ({ reference: `${resource.resourceType}/${resource.id}` });

export interface EncounterInput {
  kind: EncounterKind;
  classCode?: string;
  /** Who saw the patient; the first one's institution provides the service unless `at` says otherwise. */
  who: readonly string[];
  at?: InstitutionKey;
  start: string;
  end: string;
  reason?: DiagnosisKey;
  room?: string;
  hospitalization?: Encounter['hospitalization'];
}

export function encounter(b: RecordBuilder, input: EncounterInput): Encounter & { id: string } {
  const at = input.at ?? b.institutionOf(input.who[0]!);
  const room = input.room ? b.room(at, input.room) : undefined;
  return b.add<Encounter>({
    resourceType: 'Encounter',
    meta: b.meta(at),
    status: 'finished',
    class: encounterClassOf(input.kind, input.classCode),
    type: [{ coding: [encounterKindCoding(input.kind)], text: encounterKindCoding(input.kind).display }],
    subject: b.subject,
    participant: input.who.map((key) => ({ individual: b.practitioner(key) })),
    period: { start: input.start, end: input.end },
    ...(input.reason ? { reasonCode: [diagnosisConcept(input.reason)] } : {}),
    ...(input.hospitalization ? { hospitalization: input.hospitalization } : {}),
    ...(room ? { location: [{ location: room, status: 'completed' }] } : {}),
    serviceProvider: b.organization(at),
  });
}

export interface ConditionInput {
  dx: DiagnosisKey;
  onset: string;
  recorder: string;
  encounter?: Encounter & { id: string };
  chronic?: boolean;
  /** For an acute illness: the day it was over. */
  abatement?: string;
}

/** A diagnosis; an acute one links back to its encounter's diagnosis list. */
export function condition(b: RecordBuilder, input: ConditionInput): Condition & { id: string } {
  const at = b.institutionOf(input.recorder);
  const resolved = input.abatement !== undefined && input.abatement <= b.today;
  const made = b.add<Condition>({
    resourceType: 'Condition',
    meta: b.meta(at),
    clinicalStatus: { coding: [{ system: `${TERMINOLOGY}/condition-clinical`, code: resolved ? 'resolved' : 'active' }] },
    verificationStatus: { coding: [{ system: `${TERMINOLOGY}/condition-ver-status`, code: 'confirmed' }] },
    category: [{ coding: [{ system: `${TERMINOLOGY}/condition-category`, code: input.chronic ? 'problem-list-item' : 'encounter-diagnosis' }] }],
    code: diagnosisConcept(input.dx),
    subject: b.subject,
    ...(input.encounter ? { encounter: ref(input.encounter) } : {}),
    onsetDateTime: input.onset,
    ...(resolved ? { abatementDateTime: input.abatement } : {}),
    recordedDate: input.encounter?.period?.start ?? input.onset,
    recorder: b.practitioner(input.recorder),
  });
  if (input.encounter) {
    input.encounter.diagnosis = [...(input.encounter.diagnosis ?? []), { condition: ref(made), rank: (input.encounter.diagnosis?.length ?? 0) + 1 }];
  }
  return made;
}

/** Links a follow-up visit to a diagnosis recorded earlier (dispensary observation of a chronic disease). */
export function addDiagnosis(visit: Encounter, made: Condition & { id: string }): void {
  visit.diagnosis = [...(visit.diagnosis ?? []), { condition: ref(made), rank: (visit.diagnosis?.length ?? 0) + 1 }];
}

export function prescription(b: RecordBuilder, key: MedicineKey, options: { on: string; by: string; encounter?: Encounter & { id: string }; reason?: Condition & { id: string }; inpatient?: boolean; stopped?: boolean }): MedicationRequest & { id: string } {
  const medicine = MEDICINES[b.ageOn(options.on) < 12 ? (CHILD_FORMS[key] ?? key) : key];
  const course = 'days' in medicine ? medicine.days : undefined;
  const finished = course !== undefined && addDays(options.on, course) < b.today;
  return b.add<MedicationRequest>({
    resourceType: 'MedicationRequest',
    meta: b.meta(b.institutionOf(options.by)),
    status: options.stopped ? 'stopped' : finished ? 'completed' : 'active',
    intent: 'order',
    category: [{ coding: [{ system: `${TERMINOLOGY}/medicationrequest-category`, code: options.inpatient ? 'inpatient' : 'outpatient' }] }],
    medicationCodeableConcept: { coding: [{ system: ATC_SYSTEM, code: medicine.atc }], text: medicine.name },
    subject: b.subject,
    ...(options.encounter ? { encounter: ref(options.encounter) } : {}),
    authoredOn: options.on,
    requester: b.practitioner(options.by),
    ...(options.reason ? { reasonReference: [ref(options.reason)] } : {}),
    dosageInstruction: [{ text: course ? `${medicine.dosage}, ${course === 1 ? 'однократно' : `${course} дней`}` : `${medicine.dosage}, постоянно` }],
  });
}

export interface VitalsInput {
  at: string;
  by: string;
  encounter?: Encounter & { id: string };
  bp?: [number, number];
  pulse?: number;
  temperature?: number;
  spo2?: number;
  weight?: number;
  height?: number;
}

/** Vital signs taken at a visit, one Observation each (blood pressure as one with two components). */
export function vitals(b: RecordBuilder, input: VitalsInput): void {
  const base = (code: string, display: string, text: string): Observation => ({
    resourceType: 'Observation',
    meta: b.meta(b.institutionOf(input.by)),
    status: 'final',
    category: [{ coding: [{ system: `${TERMINOLOGY}/observation-category`, code: 'vital-signs', display: 'Vital Signs' }] }],
    code: { coding: [{ system: SYSTEMS.loinc, code, display }], text },
    subject: b.subject,
    ...(input.encounter ? { encounter: ref(input.encounter) } : {}),
    effectiveDateTime: input.at,
    performer: [b.practitioner(input.by)],
  });
  const quantity = (value: number, unit: string, code: string) => ({ value, unit, system: 'http://unitsofmeasure.org', code });
  if (input.bp) {
    b.add<Observation>({
      ...base('85354-9', 'Blood pressure panel with all children optional', 'Артериальное давление'),
      component: [
        { code: { coding: [{ system: SYSTEMS.loinc, code: '8480-6', display: 'Systolic blood pressure' }], text: 'Систолическое' }, valueQuantity: quantity(input.bp[0], 'мм рт. ст.', 'mm[Hg]') },
        { code: { coding: [{ system: SYSTEMS.loinc, code: '8462-4', display: 'Diastolic blood pressure' }], text: 'Диастолическое' }, valueQuantity: quantity(input.bp[1], 'мм рт. ст.', 'mm[Hg]') },
      ],
    });
  }
  if (input.pulse) b.add<Observation>({ ...base('8867-4', 'Heart rate', 'Пульс'), valueQuantity: quantity(input.pulse, 'уд/мин', '/min') });
  if (input.temperature) b.add<Observation>({ ...base('8310-5', 'Body temperature', 'Температура тела'), valueQuantity: quantity(input.temperature, '°C', 'Cel') });
  if (input.spo2) b.add<Observation>({ ...base('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry', 'Сатурация'), valueQuantity: quantity(input.spo2, '%', '%') });
  if (input.weight) b.add<Observation>({ ...base('29463-7', 'Body weight', 'Масса тела'), valueQuantity: quantity(input.weight, 'кг', 'kg') });
  if (input.height) b.add<Observation>({ ...base('8302-2', 'Body height', 'Рост'), valueQuantity: quantity(input.height, 'см', 'cm') });
  if (input.weight && input.height) {
    const bmi = Math.round((input.weight / (input.height / 100) ** 2) * 10) / 10;
    b.add<Observation>({ ...base('39156-5', 'Body mass index (BMI) [Ratio]', 'Индекс массы тела'), valueQuantity: quantity(bmi, 'кг/м²', 'kg/m2') });
  }
}
