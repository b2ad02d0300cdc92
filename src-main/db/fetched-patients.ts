import type { SqliteDatabase } from './open.js';

export interface FetchedPatient {
  patientId: string;
  fetchedAt: string;
  fetchedBy: string;
  reason: string;
}

/** Patients outside the scope fetched on demand: when, by whom and why (the audit trail has it too). */
export class FetchedPatientRepository {
  private readonly upsert;
  private readonly select;

  constructor(db: SqliteDatabase) {
    this.upsert = db.prepare<[string, string, string, string]>(
      `INSERT INTO fetched_patient (patient_id, fetched_at, fetched_by, reason) VALUES (?, ?, ?, ?)
       ON CONFLICT (patient_id) DO UPDATE SET fetched_at = excluded.fetched_at, fetched_by = excluded.fetched_by, reason = excluded.reason`,
    );
    this.select = db.prepare<[string], { patient_id: string; fetched_at: string; fetched_by: string; reason: string }>('SELECT * FROM fetched_patient WHERE patient_id = ?');
  }

  record(entry: FetchedPatient): void {
    this.upsert.run(entry.patientId, entry.fetchedAt, entry.fetchedBy, entry.reason);
  }

  get(patientId: string): FetchedPatient | null {
    const row = this.select.get(patientId);
    return row ? { patientId: row.patient_id, fetchedAt: row.fetched_at, fetchedBy: row.fetched_by, reason: row.reason } : null;
  }
}
