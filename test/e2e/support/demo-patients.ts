import type { Encounter } from '@medplum/fhirtypes';
import { generateDemoRegion } from '../../../src-server/demo/generate.js';
import { minskDate } from '../../../src-server/demo/time.js';

export interface DemoPatientPick {
  patientId: string;
  personalNumber: string;
  name: string;
  family: string;
  institutions: number;
  encounters: number;
  /** Instrumental studies (reports that are not laboratory panels). */
  studies: number;
}

/**
 * The demo patients Central was seeded with (the generator is deterministic), ranked by how many
 * institutions recorded something about them: the e2e picks the one whose history crosses the
 * most institutions, as a doctor would meet in real life.
 */
export function demoPatientsByInstitutions(patients: number, seed = 1): DemoPatientPick[] {
  const region = generateDemoRegion({ seed, patients, today: minskDate(new Date()) });
  const picks: DemoPatientPick[] = [];
  for (const record of region.patients()) {
    const encounters = record.resources.filter((r): r is Encounter => r.resourceType === 'Encounter');
    const institutions = new Set(encounters.map((e) => e.serviceProvider?.reference).filter(Boolean));
    const { family, given, patronymic } = record.person;
    picks.push({
      patientId: record.patientId,
      personalNumber: record.person.personalNumber,
      name: [family, given, patronymic].filter(Boolean).join(' '),
      family,
      institutions: institutions.size,
      encounters: encounters.length,
      studies: record.resources.filter((r) => r.resourceType === 'DiagnosticReport' && !JSON.stringify(r.category ?? []).includes('"LAB"')).length,
    });
  }
  return picks.sort((a, b) => b.institutions - a.institutions || b.encounters - a.encounters);
}
