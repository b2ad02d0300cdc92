import type { OperationOutcome } from '@medplum/fhirtypes';
import type { SqliteDatabase } from './open.js';
import type { OutboxStatus } from './outbox.js';

/** A sick-leave step made here: its outbox row, and Central's refusal while nobody has dismissed it. */
export interface SickLeaveStepRow {
  mutationId: number;
  status: OutboxStatus;
  createdAt: string;
  args: unknown;
  /** Central's refusal, while its inbox item is open. */
  refusal: OperationOutcome | null;
}

/** Central's view of a certificate as last fetched. */
export interface CachedCertificate {
  id: string;
  patientId: string;
  view: unknown;
  fetchedAt: string;
}

interface StepRow {
  mutation_id: number;
  status: OutboxStatus;
  created_at: string;
  args: string;
  outcome: string | null;
}

/** Sick-leave certificates on the workstation (migration 30): Central's views and the steps made here. */
export class SickLeaveRepository {
  private readonly selectSteps;
  private readonly selectCached;
  private readonly deleteOfPatient;
  private readonly insert;
  private readonly selectPatient;

  constructor(private readonly db: SqliteDatabase) {
    this.selectSteps = db.prepare<[], StepRow>(
      `SELECT o.mutation_id, o.status, o.created_at, o.args, i.outcome FROM outbox o
       LEFT JOIN inbox i ON i.mutation_id = o.mutation_id AND i.resolved_at IS NULL
       WHERE o.kind = 'sick-leave' ORDER BY o.mutation_id`,
    );
    this.selectCached = db.prepare<[string], { id: string; patient_id: string; central_view: string; fetched_at: string }>(
      'SELECT * FROM sick_leave_certificate WHERE patient_id = ? ORDER BY id',
    );
    this.deleteOfPatient = db.prepare<[string]>('DELETE FROM sick_leave_certificate WHERE patient_id = ?');
    this.selectPatient = db.prepare<[string], { patient_id: string }>('SELECT patient_id FROM sick_leave_certificate WHERE id = ?');
    this.insert = db.prepare<[string, string, string, string]>('INSERT INTO sick_leave_certificate (id, patient_id, central_view, fetched_at) VALUES (?, ?, ?, ?)');
  }

  /** Every step made here, in the order it was made (few: a doctor's certificates, not the clinic's history). */
  steps(): SickLeaveStepRow[] {
    return this.selectSteps.all().map((row) => ({
      mutationId: row.mutation_id,
      status: row.status,
      createdAt: row.created_at,
      args: JSON.parse(row.args) as unknown,
      refusal: row.status === 'rejected' && row.outcome ? (JSON.parse(row.outcome) as OperationOutcome) : null,
    }));
  }

  cached(patientId: string): CachedCertificate[] {
    return this.selectCached.all(patientId).map((row) => ({ id: row.id, patientId: row.patient_id, view: JSON.parse(row.central_view) as unknown, fetchedAt: row.fetched_at }));
  }

  patientOf(certificateId: string): string | undefined {
    return this.selectPatient.get(certificateId)?.patient_id;
  }

  /** Central's list for the patient replaces what was kept: a certificate Central no longer lists is gone here too. */
  replaceForPatient(patientId: string, views: readonly { id: string; view: unknown }[], fetchedAt: Date): void {
    this.db.transaction(() => {
      this.deleteOfPatient.run(patientId);
      for (const { id, view } of views) this.insert.run(id, patientId, JSON.stringify(view), fetchedAt.toISOString());
    }).immediate();
  }
}
