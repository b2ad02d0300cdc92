import type { Patient, Resource } from '@medplum/fhirtypes';
import type { ChartView } from '../../../shared/api/chart-method.js';
import type { PatientSummary } from '../../../shared/api/patients.js';
import { assembleChart } from '../../chart/assemble.js';
import type { LocalStore } from '../../db/local-store.js';
import type { ChartPort } from '../ports.js';

/**
 * The chart from the local store: the patient's compartment (parsed once and kept until it changes,
 * see db/record-cache.ts) and the directory entries it refers to, read fresh each time, assembled
 * by src-main/chart/assemble.ts. Nothing here needs the network.
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
    const record = store.resources.patientRecord(patientId);
    const resources: Resource[] = [...record.resources];
    for (const key of record.directory) {
      const [type, id] = key.split('/') as [string, string];
      const found = store.resources.get(type as Resource['resourceType'], id);
      if (found) resources.push(found);
    }
    const summary = this.deps.summary(store, patient);
    return assembleChart(resources, {
      today: this.deps.now().toISOString().slice(0, 10),
      syncedAt: summary.record.asOf,
      patientSummary: summary,
      pending: store.pendingResources.keys(),
    });
  }
}
