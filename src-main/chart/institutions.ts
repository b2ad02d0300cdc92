import type { Organization } from '@medplum/fhirtypes';
import type { Source } from '../../shared/api/chart-method.js';

/**
 * What kind of institution recorded something. Our own code system on Organization.type says it
 * outright; records imported from elsewhere often carry no such code, so the name is read as a
 * person would ("...городская клиническая больница" is a hospital) in Russian, Belarusian and English.
 */
export const INSTITUTION_KIND_SYSTEM = 'https://medkarta.by/fhir/CodeSystem/institution-kind';

export type InstitutionKind = Source['institutionKind'];
const KINDS: readonly InstitutionKind[] = ['state', 'private', 'laboratory', 'hospital', 'ambulance'];

/** HL7 organization-type codes that say something about the kind. */
const HL7_ORGANIZATION_TYPE = 'http://terminology.hl7.org/CodeSystem/organization-type';
const HL7_KINDS: Record<string, InstitutionKind> = { govt: 'state' };

/** Checked in order: the first pattern that matches the name wins. */
const NAME_PATTERNS: [RegExp, InstitutionKind][] = [
  [/скор(ой|ая)\s+(медицинской\s+)?помощ|хуткай|ссмп|ambulance|\bems\b/i, 'ambulance'],
  [/лаборатор|лабаратор|laborator|\blab\b|инвитро|синэво|invitro|synevo/i, 'laboratory'],
  [/больниц|бальніц|стационар|стацыянар|госпитал|шпіталь|hospital|medical center hospital|роддом|родильн|радзільн/i, 'hospital'],
  [/(^|\s)(ооо|оао|чуп|зао|одо|ip|llc|ltd|inc)(\s|$)|частн|прыватн|private|медицинский центр|медыцынскі цэнтр|клиника\s+«|клініка\s+«/i, 'private'],
  [/поликлиник|паліклінік|амбулатори|амбулаторы|\bуз\b|\bгуз\b|фап|\bцрб\b|здравпункт|дзяржаўн|государствен/i, 'state'],
];

export function institutionKind(organization: Organization | undefined, name: string | null): InstitutionKind {
  for (const type of organization?.type ?? []) {
    for (const coding of type.coding ?? []) {
      if (coding.system === INSTITUTION_KIND_SYSTEM && KINDS.includes(coding.code as InstitutionKind)) return coding.code as InstitutionKind;
      if (coding.system === HL7_ORGANIZATION_TYPE && coding.code && HL7_KINDS[coding.code]) return HL7_KINDS[coding.code]!;
    }
  }
  if (!name) return 'unknown';
  for (const [pattern, kind] of NAME_PATTERNS) if (pattern.test(name)) return kind;
  return 'unknown';
}
