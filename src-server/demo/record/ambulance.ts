import type { Encounter } from '@medplum/fhirtypes';
import { addYears } from '../../../shared/domain/vaccination-dates.js';
import type { DiagnosisKey } from '../catalog/diagnoses.js';
import { at, plusMinutes } from '../time.js';
import type { RecordBuilder } from './builder.js';
import { condition, encounter, vitals } from './clinical.js';

const DISCHARGE = 'http://terminology.hl7.org/CodeSystem/discharge-disposition';

export interface AmbulanceCall {
  visit: Encounter & { id: string };
  /** When the team handed the patient over (or left). */
  end: string;
  /** Who led the team. */
  lead: string;
}

/**
 * An ambulance call (скорая помощь): the team's visit with the reason, vital signs and what they
 * decided. `takenTo` set: the patient was taken to hospital; otherwise left at home with a
 * note for the polyclinic.
 */
export function ambulanceCall(b: RecordBuilder, day: string, reason: DiagnosisKey, options: { takenTo?: 'hospital'; crisis?: boolean } = {}): AmbulanceCall {
  const start = at(day, b.random.int(0, 23), b.random.int(0, 59));
  const end = plusMinutes(start, b.random.int(35, 70));
  const team = b.random.chance(0.6) ? ['ambulanceDoctor', 'paramedic'] : ['paramedic'];
  const visit = encounter(b, {
    kind: 'ambulance',
    who: team,
    at: 'ambulance',
    start,
    end,
    reason,
    hospitalization: options.takenTo
      ? { dischargeDisposition: { coding: [{ system: DISCHARGE, code: 'other-hcf', display: 'Other healthcare facility' }], text: 'Доставлен в УЗ «ГКБСМП»' } }
      : { dischargeDisposition: { coding: [{ system: DISCHARGE, code: 'home', display: 'Home' }], text: 'Оставлен дома, актив в поликлинику' } },
  });
  const age = b.ageOn(day);
  vitals(b, {
    at: plusMinutes(start, 5),
    by: team[0]!,
    encounter: visit,
    bp: options.crisis ? [b.random.int(182, 210), b.random.int(104, 118)] : age >= 14 ? [b.random.int(115, 150), b.random.int(70, 92)] : undefined,
    pulse: b.random.int(age < 7 ? 110 : 76, age < 7 ? 140 : 108),
    spo2: b.random.int(93, 99),
  });
  return { visit, end, lead: team[0]! };
}

/** A call that ended at home: a crisis of blood pressure, a colic, a fever at night. */
export function ambulanceCalls(b: RecordBuilder, hypertensive: boolean): void {
  const age = b.ageOn(b.today);
  if (!b.random.chance(age >= 60 ? 0.15 : 0.05)) return;
  const day = b.dayBetween(addYears(b.today, -4), b.today);
  const callAge = b.ageOn(day);
  const reason: DiagnosisKey =
    callAge < 14 ? 'arvi' : hypertensive || (callAge >= 50 && b.random.chance(0.5)) ? 'hypertension' : b.random.pick(['renalColic', 'abdominalPain', 'sprain', 'lowBackPain'] as const);
  const call = ambulanceCall(b, day, reason, { crisis: reason === 'hypertension' });
  condition(b, { dx: reason, onset: day, recorder: call.lead, encounter: call.visit, abatement: day });
}
