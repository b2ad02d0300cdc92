import type { Organization, Resource } from '@medplum/fhirtypes';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { largeRecord } from '../../../src-main/chart/sample-records/large-record.js';

export const BENCH_ORGANIZATION = 'bench-clinic';
const DIRECTORY = new Set(['Organization', 'Practitioner', 'PractitionerRole', 'Location']);

/**
 * A clinic's working set for the sync benchmark: `patients` records of `perPatient` resources
 * each (visits, diagnoses, notes, lab results, vaccinations), every patient attached to the clinic,
 * ids unique per patient. Yields batches so 500k resources never sit in memory at once.
 */
export function* workingSet(patients: number, perPatient: number, batch = 2000): Generator<Resource[]> {
  const template = largeRecord('tpl', perPatient + 8).resources.filter((r) => !DIRECTORY.has(r.resourceType)).slice(0, perPatient);
  const text = JSON.stringify(template);
  let pending: Resource[] = [];
  for (let i = 0; i < patients; i++) {
    const prefix = `b${i}`;
    const record = JSON.parse(text.replace(/(["/])(tpl|enc-|cond-|doc-|obs-|imm-)/g, (_m, lead: string, id: string) => `${lead}${prefix}-${id}`)) as Resource[];
    for (const resource of record) {
      resource.meta = { versionId: '1', lastUpdated: '2025-06-01T08:00:00Z' };
      if (resource.resourceType === 'Patient') {
        resource.managingOrganization = { reference: `Organization/${BENCH_ORGANIZATION}` };
        resource.identifier = [{ system: SYSTEMS.personalNumber, value: `BENCH${String(i).padStart(9, '0')}` }];
      }
      pending.push(resource);
      if (pending.length >= batch) {
        yield pending;
        pending = [];
      }
    }
  }
  if (pending.length) yield pending;
}

export const benchOrganization: Organization = { resourceType: 'Organization', id: BENCH_ORGANIZATION, name: 'Поликлиника для замеров', meta: { versionId: '1', lastUpdated: '2025-06-01T08:00:00Z' } };
