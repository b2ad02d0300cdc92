import type { AllergyIntolerance } from '@medplum/fhirtypes';
import { addYears } from '../../../shared/domain/vaccination-dates.js';
import { ALLERGIES, NO_KNOWN_ALLERGY } from '../catalog/allergies.js';
import type { RecordBuilder } from './builder.js';

const TERMINOLOGY = 'http://terminology.hl7.org/CodeSystem';

/** About one person in six has a recorded allergy; a quarter of the rest a recorded "no known allergy". */
export function allergies(b: RecordBuilder): void {
  const age = b.ageOn(b.today);
  const doctor = b.doctorOn(b.today);
  if (b.random.chance(0.17)) {
    const count = b.random.chance(0.2) ? 2 : 1;
    const chosen = new Set<number>();
    for (let i = 0; i < count; i++) chosen.add(ALLERGIES.indexOf(b.random.weighted(ALLERGIES.map((a) => [a, a.weight] as const))));
    for (const index of chosen) {
      const spec = ALLERGIES[index]!;
      const onset = b.dayBetween(addYears(b.person.birthDate, Math.min(age, 2)), b.today);
      const reaction = b.random.pick(spec.reactions);
      b.add<AllergyIntolerance>({
        resourceType: 'AllergyIntolerance',
        meta: b.meta('polyclinic'),
        clinicalStatus: { coding: [{ system: `${TERMINOLOGY}/allergyintolerance-clinical`, code: 'active' }] },
        verificationStatus: { coding: [{ system: `${TERMINOLOGY}/allergyintolerance-verification`, code: 'confirmed' }] },
        type: 'allergy',
        category: [spec.category],
        criticality: spec.criticality,
        code: { ...(spec.coding ? { coding: [spec.coding] } : {}), text: spec.text },
        patient: b.subject,
        onsetDateTime: onset,
        recordedDate: onset,
        recorder: b.practitioner(b.doctorOn(onset)),
        reaction: [
          {
            manifestation: [{ ...('snomed' in reaction && reaction.snomed ? { coding: [{ system: 'http://snomed.info/sct', code: reaction.snomed }] } : {}), text: reaction.text }],
            severity: reaction.severity,
          },
        ],
      });
    }
  } else if (b.random.chance(0.25)) {
    b.add<AllergyIntolerance>({
      resourceType: 'AllergyIntolerance',
      meta: b.meta('polyclinic'),
      clinicalStatus: { coding: [{ system: `${TERMINOLOGY}/allergyintolerance-clinical`, code: 'active' }] },
      verificationStatus: { coding: [{ system: `${TERMINOLOGY}/allergyintolerance-verification`, code: 'confirmed' }] },
      code: { coding: [NO_KNOWN_ALLERGY], text: 'Аллергия не выявлена' },
      patient: b.subject,
      recordedDate: b.dayBetween(addYears(b.today, -3), b.today),
      recorder: b.practitioner(doctor),
    });
  }
}
