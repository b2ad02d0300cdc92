import type { Resource } from '@medplum/fhirtypes';
import { demoPatientId } from '../ids.js';
import { demoPerson, type DemoPerson } from '../people.js';
import { createRandom } from '../random.js';
import { acuteIllnesses } from './acute.js';
import { allergies } from './allergies.js';
import { ambulanceCalls } from './ambulance.js';
import { RecordBuilder, type RegionContext } from './builder.js';
import { preventiveExaminations } from './checkups.js';
import { chronicDiseases } from './chronic.js';
import { hospitalStay } from './hospital.js';
import { patientResource } from './patient.js';
import { daySurgery } from './surgery.js';
import { vaccinations } from './vaccinations.js';

export interface DemoPatientRecord {
  index: number;
  person: DemoPerson;
  patientId: string;
  /** The Patient first, then everything recorded about them, in the order it happened to be told. */
  resources: Resource[];
}

/**
 * One demo patient's whole record across the region's institutions. Deterministic in (seed, index,
 * today): the same call always tells the same story.
 */
export function demoPatientRecord(region: RegionContext, index: number): DemoPatientRecord {
  const person = demoPerson(index, region.seed);
  const patientId = demoPatientId(region.seed, index);
  const b = new RecordBuilder(region, person, patientId, createRandom(region.seed, index, 0x5ec0));
  const chronic = chronicDiseases(b);
  acuteIllnesses(b);
  preventiveExaminations(b, chronic);
  vaccinations(b);
  allergies(b);
  hospitalStay(b);
  ambulanceCalls(b, chronic.some((d) => /^I1[01]/.test(d.condition.code?.coding?.[0]?.code ?? '')));
  daySurgery(b);
  patientResource(b);
  return { index, person, patientId, resources: b.resources };
}
