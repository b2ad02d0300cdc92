import type { Encounter, Procedure } from '@medplum/fhirtypes';
import type { EncounterKind } from '../../shared/api/chart-method.js';
import { ENCOUNTER_KINDS } from '../../shared/api/chart-method.js';
import { ENCOUNTER_KIND_SYSTEM } from '../../shared/fhir/encounter-kinds.js';
import { codesOf, hasCoding } from './fhir-read.js';
import type { InstitutionKind } from './institutions.js';

export { ENCOUNTER_KIND_SYSTEM };

/** Central's finer kinds (shared/fhir/encounter-kinds.ts) that the chart files as a visit. */
const CENTRAL_KINDS_AS_VISITS: Record<string, EncounterKind> = { 'home-visit': 'outpatient', vaccination: 'outpatient', diagnostic: 'outpatient' };

const SNOMED = 'http://snomed.info/sct';

/**
 * Encounter.class as HL7 v3 ActCode (AMB, IMP, EMER...) and the plain words Synthea and some
 * national profiles use instead. EMER and FLD are care on the spot or in the emergency room: in a
 * Belarusian record that is the ambulance call (скорая помощь).
 */
const CLASS_KINDS: Record<string, EncounterKind> = {
  AMB: 'outpatient',
  HH: 'outpatient',
  VR: 'outpatient',
  PRENC: 'outpatient',
  IMP: 'inpatient',
  ACUTE: 'inpatient',
  NONAC: 'inpatient',
  OBSENC: 'inpatient',
  SS: 'inpatient',
  EMER: 'ambulance',
  FLD: 'ambulance',
  ambulatory: 'outpatient',
  outpatient: 'outpatient',
  wellness: 'preventive',
  virtual: 'outpatient',
  home: 'outpatient',
  inpatient: 'inpatient',
  emergency: 'ambulance',
  urgentcare: 'outpatient',
};

/** Well child visit, check-up, general examination, periodic evaluation of a healthy person. */
const PREVENTIVE_TYPES = ['410620009', '185349003', '162673000', '86013001'];
/** Surgical procedure, admission to a surgical department. */
const SURGERY_TYPES = ['387713003', '305408004'];
/** Emergency medical services, emergency room admission, emergency department visit. */
const AMBULANCE_TYPES = ['409971007', '50849002', '4525004'];
/** Procedure.category: surgical procedure. */
const SURGICAL_CATEGORY = '387713003';

/**
 * The kind a doctor files a visit under. Strongest signal first: our own code, then a type that
 * says check-up, operation or ambulance, then an operation recorded during the stay, then the class,
 * then who provided it (an ambulance station's visit is an ambulance call).
 */
export function encounterKind(encounter: Encounter, linkedProcedures: readonly Procedure[], provider: InstitutionKind): EncounterKind {
  for (const type of encounter.type ?? []) {
    for (const coding of type.coding ?? []) {
      if (coding.system !== ENCOUNTER_KIND_SYSTEM || !coding.code) continue;
      if ((ENCOUNTER_KINDS as readonly string[]).includes(coding.code)) return coding.code as EncounterKind;
      if (Object.hasOwn(CENTRAL_KINDS_AS_VISITS, coding.code)) return CENTRAL_KINDS_AS_VISITS[coding.code]!;
    }
  }
  if (hasCoding(encounter.type, SNOMED, PREVENTIVE_TYPES)) return 'preventive';
  if (hasCoding(encounter.type, SNOMED, SURGERY_TYPES)) return 'surgery';
  if (hasCoding(encounter.type, SNOMED, AMBULANCE_TYPES)) return 'ambulance';
  const byClass = encounter.class?.code ? CLASS_KINDS[encounter.class.code] : undefined;
  if (linkedProcedures.some((p) => p.status !== 'entered-in-error' && p.status !== 'not-done' && isSurgical(p)) && byClass !== 'ambulance') return 'surgery';
  if (byClass) return byClass;
  if (provider === 'ambulance') return 'ambulance';
  if (provider === 'hospital') return 'inpatient';
  return codesOf(encounter.type).length || encounter.class ? 'outpatient' : 'other';
}

export function isSurgical(procedure: Procedure): boolean {
  return hasCoding(procedure.category, SNOMED, [SURGICAL_CATEGORY]) || hasCoding(procedure.code, ENCOUNTER_KIND_SYSTEM, ['surgery']);
}
