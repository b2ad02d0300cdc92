import type { Patient } from '@medplum/fhirtypes';
import type { ChartView } from '../../../shared/api/chart-method.js';
import type { PatientSummary } from '../../../shared/api/patients.js';
import { assembleRecordPart, CHART_RECORD_PART_FORMAT, finishChart, type ChartRecordPart } from '../../chart/assemble.js';
import type { LocalStore } from '../../db/local-store.js';
import type { ChartPort } from '../ports.js';
import { holdsAny, withDirectory } from './chart-parts.js';

/**
 * The chart from the local store, assembled by src-main/chart/assemble.ts. A large record's part
 * kept by the upkeep (chart-parts.ts, db/chart-parts.ts) is used while it is what the record
 * gives; otherwise the patient's compartment (parsed once and kept until it changes, see
 * db/record-cache.ts) and the directory entries it refers to, read fresh. Either way today's
 * date and the patient's summary are applied at each opening. Nothing here needs the network.
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
    const summary = this.deps.summary(store, patient);
    const options = { today: this.deps.now().toISOString().slice(0, 10), syncedAt: summary.record.asOf, patientSummary: summary };
    const pending = store.pendingResources.keys();
    const kept = store.chartParts.current(patientId, CHART_RECORD_PART_FORMAT);
    // A part is kept only for a record with nothing waiting to be sent, and any local write empties
    // it; a change queued for this record all the same would go unmarked in it.
    if (kept !== undefined && !holdsAny(store, patientId, pending)) return finishChart(JSON.parse(kept) as ChartRecordPart, options);
    const record = store.resources.patientRecord(patientId);
    return finishChart(assembleRecordPart(withDirectory(store, record), patientId, pending), options);
  }
}
