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

/** A word starting here: JavaScript's \b knows only Latin letters. */
const W = '(?:^|[^а-яёіўa-z])';
/** …and ends here. */
const E = '(?=$|[^а-яёіўa-z])';

/** Checked in order: the first pattern that matches the name (or its usual abbreviation) wins. */
const NAME_PATTERNS: [RegExp, InstitutionKind][] = [
  [new RegExp(`скор(ой|ая)\\s+(медицинской\\s+)?помощ|хуткай|${W}г?ссмп|${W}ambulance|${W}ems${E}`, 'i'), 'ambulance'],
  [new RegExp(`лаборатор|лабаратор|laborator|${W}лаб|${W}lab|инвитро|синэво|invitro|synevo|хеликс`, 'i'), 'laboratory'],
  [new RegExp(`больниц|бальніц|стационар|стацыянар|госпитал|шпіталь|hospital|роддом|родильн|радзільн|${W}г?кб|${W}[гц]рб${E}|${W}бсмп|${W}рнпц`, 'i'), 'hospital'],
  [new RegExp(`${W}(ооо|оао|чуп|зао|одо|ип|llc|ltd|inc)${E}|частн|прыватн|private|медицинский центр|медыцынскі цэнтр|${W}мц${E}`, 'i'), 'private'],
  [new RegExp(`поликлиник|паліклінік|амбулатори|амбулаторы|${W}г?уз${E}|${W}фап${E}|${W}г?кп${E}|здравпункт|дзяржаўн|государствен`, 'i'), 'state'],
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
