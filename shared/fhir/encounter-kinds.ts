import type { CodeableConcept, Coding } from '@medplum/fhirtypes';

/**
 * What kind of contact an Encounter was, as a clinician sorts a chart: a visit at the polyclinic,
 * a home visit, a hospital stay, an ambulance call, an operation, a preventive examination
 * (диспансеризация), a vaccination or a diagnostic visit. Central writes both
 * - `Encounter.class` (HL7 v3 ActCode: AMB, HH, IMP, SS, EMER), which every FHIR system understands,
 * - one `Encounter.type` coding in ENCOUNTER_KIND_SYSTEM with the kind's code, which is finer:
 *   an operation and a hospital stay are both IMP, a preventive examination and a visit both AMB.
 * `encounterKindOf` reads our code first and falls back to the class for records from elsewhere.
 * The codes outpatient, inpatient, ambulance, surgery and preventive are also the workstation
 * chart's kinds (shared/api/chart-method.ts); the others fall back there to their class.
 */
export const ENCOUNTER_KIND_SYSTEM = 'https://medkarta.by/fhir/CodeSystem/encounter-kind';
export const ACT_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

export const ENCOUNTER_KINDS = {
  outpatient: { class: 'AMB', display: 'Амбулаторный приём' },
  'home-visit': { class: 'HH', display: 'Посещение на дому' },
  inpatient: { class: 'IMP', display: 'Стационарное лечение' },
  /** An ambulance call (скорая медицинская помощь), on the spot or on the way to hospital. */
  ambulance: { class: 'EMER', display: 'Вызов скорой медицинской помощи' },
  /** An operation: class IMP for a stay in hospital, SS for day surgery. */
  surgery: { class: 'IMP', display: 'Хирургическое вмешательство' },
  preventive: { class: 'AMB', display: 'Профилактический осмотр (диспансеризация)' },
  vaccination: { class: 'AMB', display: 'Вакцинация' },
  /** A visit only for tests or imaging (laboratory, X-ray, ultrasound, ECG). */
  diagnostic: { class: 'AMB', display: 'Диагностическое обследование' },
} as const;

export type EncounterKind = keyof typeof ENCOUNTER_KINDS;
export const ENCOUNTER_KIND_CODES = Object.keys(ENCOUNTER_KINDS) as EncounterKind[];

const CLASS_DISPLAY: Record<string, string> = { AMB: 'ambulatory', HH: 'home health', IMP: 'inpatient encounter', SS: 'short stay', EMER: 'emergency' };

/** Encounter.class for a kind (`classCode` overrides it, e.g. SS for day surgery). */
export function encounterClassOf(kind: EncounterKind, classCode: string = ENCOUNTER_KINDS[kind].class): Coding {
  return { system: ACT_CODE_SYSTEM, code: classCode, display: CLASS_DISPLAY[classCode] ?? classCode };
}

/** The Encounter.type coding that names the kind. */
export function encounterKindCoding(kind: EncounterKind): Coding {
  return { system: ENCOUNTER_KIND_SYSTEM, code: kind, display: ENCOUNTER_KINDS[kind].display };
}

function isKind(code: string | undefined): code is EncounterKind {
  return code !== undefined && Object.hasOwn(ENCOUNTER_KINDS, code);
}

/** The kind of an Encounter: our type code when present, else from its class (unknown: outpatient). */
export function encounterKindOf(encounter: { class?: Coding | undefined; type?: CodeableConcept[] | undefined }): EncounterKind {
  for (const type of encounter.type ?? []) {
    for (const coding of type.coding ?? []) {
      if (coding.system === ENCOUNTER_KIND_SYSTEM && isKind(coding.code)) return coding.code;
    }
  }
  // A short stay (SS) from elsewhere is a day hospital as often as day surgery: call it a stay.
  switch (encounter.class?.code) {
    case 'IMP':
    case 'ACUTE':
    case 'NONAC':
    case 'PRENC':
    case 'SS':
      return 'inpatient';
    case 'EMER':
      return 'ambulance';
    case 'HH':
      return 'home-visit';
    default:
      return 'outpatient';
  }
}
