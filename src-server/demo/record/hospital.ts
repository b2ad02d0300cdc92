import type { Condition, Procedure } from '@medplum/fhirtypes';
import { addDays, addYears } from '../../../shared/domain/vaccination-dates.js';
import { DX, type DiagnosisKey } from '../catalog/diagnoses.js';
import { OPERATIONS, type OperationKey } from '../catalog/procedures.js';
import { at, plusMinutes } from '../time.js';
import { ambulanceCall } from './ambulance.js';
import type { RecordBuilder } from './builder.js';
import { condition, encounter, prescription, ref } from './clinical.js';
import { dischargeSummary } from './discharge.js';
import { labPanel } from './labs.js';
import { operationProcedure } from './operation.js';
import { study } from './studies.js';

interface Stay {
  dx: DiagnosisKey;
  ward: 'therapy' | 'cardiology' | 'neurology' | 'surgery' | 'trauma';
  doctor: string;
  days: [number, number];
  operation?: OperationKey;
  emergency: boolean;
}

const STAYS: Record<string, Stay> = {
  pneumonia: { dx: 'pneumonia', ward: 'therapy', doctor: 'hospitalTherapist', days: [8, 12], emergency: true },
  unstableAngina: { dx: 'unstableAngina', ward: 'cardiology', doctor: 'hospitalCardiologist', days: [7, 10], emergency: true },
  tia: { dx: 'tia', ward: 'neurology', doctor: 'hospitalNeurologist', days: [7, 10], emergency: true },
  appendicitis: { dx: 'appendicitis', ward: 'surgery', doctor: 'hospitalSurgeon', days: [4, 7], operation: 'appendectomy', emergency: true },
  cholecystitis: { dx: 'cholecystitis', ward: 'surgery', doctor: 'hospitalSurgeon', days: [5, 8], operation: 'cholecystectomy', emergency: true },
  hipFracture: { dx: 'hipFracture', ward: 'trauma', doctor: 'traumatologist', days: [10, 16], operation: 'hipReplacement', emergency: true },
  hernia: { dx: 'inguinalHernia', ward: 'surgery', doctor: 'hospitalSurgeon', days: [2, 4], operation: 'herniaRepair', emergency: false },
};

function stayFor(b: RecordBuilder, age: number): Stay | undefined {
  const male = b.person.sex === 'male';
  const options: [string, number][] = [['pneumonia', 4]];
  if (age >= 10 && age < 50) options.push(['appendicitis', 3]);
  if (age >= 40) options.push(['cholecystitis', male ? 1 : 3]);
  if (age >= 55) options.push(['unstableAngina', male ? 4 : 2], ['tia', 2]);
  if (age >= 75) options.push(['hipFracture', 3]);
  if (male && age >= 40) options.push(['hernia', 2]);
  const chance = age < 18 ? 0.03 : age < 60 ? 0.07 : 0.18;
  return b.random.chance(chance) ? STAYS[b.random.weighted(options)] : undefined;
}

/** A stay in the hospital in the last five years: by ambulance or by referral, with an operation when it needed one. */
export function hospitalStay(b: RecordBuilder): void {
  const admitted = b.dayBetween(addYears(b.today, -5), addDays(b.today, -20));
  const age = b.ageOn(admitted);
  const stay = stayFor(b, age);
  if (!stay || admitted < b.person.birthDate) return;
  const discharged = addDays(admitted, b.random.int(...stay.days));
  const call = stay.emergency ? ambulanceCall(b, admitted, stay.dx, { takenTo: 'hospital' }) : undefined;
  const start = call ? plusMinutes(call.end, 20) : at(admitted, 9, 30);
  const end = at(discharged, 11, 0);
  const operation = stay.operation ? OPERATIONS[stay.operation] : undefined;
  const visit = encounter(b, {
    kind: operation ? 'surgery' : 'inpatient',
    who: [stay.doctor],
    at: 'hospital',
    start,
    end,
    reason: stay.dx,
    room: stay.ward,
    hospitalization: {
      admitSource: call
        ? { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/admit-source', code: 'emd', display: 'From accident/emergency department' }], text: 'Доставлен бригадой скорой медицинской помощи' }
        : { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/admit-source', code: 'gp', display: 'General Practitioner referral' }], text: 'По направлению поликлиники' },
      dischargeDisposition: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/discharge-disposition', code: 'home', display: 'Home' }], text: 'Выписан домой' },
    },
  });
  const dx = condition(b, { dx: stay.dx, onset: admitted, recorder: stay.doctor, encounter: visit, abatement: addDays(discharged, 14) });
  labPanel(b, 'cbc', { on: admitted, orderedBy: stay.doctor, encounter: visit, at: 'hospital', inflammation: stay.dx !== 'unstableAngina' && stay.dx !== 'tia' && stay.dx !== 'inguinalHernia' && stay.dx !== 'hipFracture' });
  labPanel(b, 'biochemistry', { on: admitted, orderedBy: stay.doctor, encounter: visit, at: 'hospital' });
  if (stay.dx === 'pneumonia') {
    labPanel(b, 'crp', { on: admitted, orderedBy: stay.doctor, encounter: visit, at: 'hospital', inflammation: true });
    study(b, 'chestXray', { on: admitted, by: stay.doctor, encounter: visit, normal: false, finding: 0 });
    prescription(b, 'ceftriaxone', { on: admitted, by: stay.doctor, encounter: visit, reason: dx, inpatient: true });
    study(b, 'chestXray', { on: addDays(discharged, -1), by: stay.doctor, encounter: visit, normal: true });
  }
  if (stay.dx === 'unstableAngina') study(b, 'ecg', { on: admitted, by: stay.doctor, encounter: visit, normal: false, finding: 0 });
  labPanel(b, 'cbc', { on: addDays(discharged, -1), orderedBy: stay.doctor, encounter: visit, at: 'hospital' });
  let procedure: (Procedure & { id: string }) | undefined;
  if (operation) {
    const opDay = stay.emergency ? admitted : addDays(admitted, 1);
    const opStart = stay.emergency ? plusMinutes(start, b.random.int(90, 240)) : at(opDay, 9, 0);
    procedure = operationProcedure(b, { operation: stay.operation!, visit, reason: dx, surgeon: stay.doctor, start: opStart, minutes: [45, 120] });
  }
  dischargeSummary(b, { visit, dx: DX[stay.dx], doctor: stay.doctor, ward: stay.ward, admitted, discharged, procedure, byAmbulance: Boolean(call) });
  followUpAfterDischarge(b, discharged, dx);
}

/** The polyclinic sees a patient within a week of discharge ("актив" from the hospital). */
function followUpAfterDischarge(b: RecordBuilder, discharged: string, dx: Condition & { id: string }): void {
  const day = b.workday(addDays(discharged, b.random.int(3, 7)));
  if (day >= b.today) return;
  const doctor = b.doctorOn(day);
  const start = b.visitTime(day);
  const visit = encounter(b, { kind: 'outpatient', who: [doctor], start, end: plusMinutes(start, 12), room: b.staffMember(doctor).spec.room });
  visit.diagnosis = [{ condition: ref(dx), rank: 1 }];
}
