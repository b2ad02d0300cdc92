import type { Patient, Resource } from '@medplum/fhirtypes';
import type { ChartView } from '../../../shared/api/chart-method.js';
import type { PatientSummary } from '../../../shared/api/patients.js';
import { assembleChart } from '../../chart/assemble.js';
import type { LocalStore } from '../../db/local-store.js';
import type { ChartPort } from '../ports.js';

/** Directory resources a record points at (who treated, where): read beside the compartment for the chart's sources. */
const DIRECTORY_REFERENCE = /"reference":"((?:Organization|Practitioner|PractitionerRole|Location)\/[A-Za-z0-9\-.]{1,64})"/g;

/**
 * The chart from the local store: the patient's compartment and the directory entries it refers
 * to, assembled by src-main/chart/assemble.ts. Nothing here needs the network.
 */
export class StoreChart implements ChartPort {
  constructor(
    private readonly deps: {
      store: () => LocalStore;
      now: () => Date;
      summary: (store: LocalStore, patient: Patient) => PatientSummary;
    },
  ) {}

  get(patientId: string): ChartView | null {
    const store = this.deps.store();
    const patient = store.resources.get<Patient>('Patient', patientId);
    if (!patient) return null;
    const texts = store.resources.rawByPatient(patientId);
    const record = texts.map((text) => JSON.parse(text) as Resource);
    const directory: Resource[] = [];
    for (const key of referencedDirectory(texts)) {
      const [type, id] = key.split('/') as [string, string];
      const found = store.resources.get(type as Resource['resourceType'], id);
      if (found) directory.push(found);
    }
    const summary = this.deps.summary(store, patient);
    return assembleChart([...record, ...directory], {
      today: this.deps.now().toISOString().slice(0, 10),
      syncedAt: summary.record.asOf,
      patientSummary: summary,
      pending: store.pendingResources.keys(),
    });
  }
}

/**
 * Every Organization, Practitioner, PractitionerRole and Location the resources refer to, once
 * each, read from their stored JSON text: a regular expression over the text is ten times faster
 * than walking 2,000 parsed resources, and JSON.stringify writes `"reference":"..."` exactly so.
 */
export function referencedDirectory(texts: readonly string[]): Set<string> {
  const found = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(DIRECTORY_REFERENCE)) found.add(match[1]!);
  }
  return found;
}
