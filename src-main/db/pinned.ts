import type { SqliteDatabase } from './open.js';

export interface PinnedPatient {
  patientId: string;
  pinnedAt: string;
  pinnedBy: string | null;
}

/** Patients someone asked to keep on this workstation: part of the sync scope. */
export class PinnedPatientsRepository {
  private readonly insert;
  private readonly remove;
  private readonly selectAll;

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare<[string, string, string | null]>('INSERT INTO pinned_patients (patient_id, pinned_at, pinned_by) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
    this.remove = db.prepare<[string]>('DELETE FROM pinned_patients WHERE patient_id = ?');
    this.selectAll = db.prepare<[], { patient_id: string; pinned_at: string; pinned_by: string | null }>('SELECT * FROM pinned_patients ORDER BY pinned_at');
  }

  pin(patientId: string, pinnedBy: string | null = null, now = new Date()): void {
    this.insert.run(patientId, now.toISOString(), pinnedBy);
  }

  unpin(patientId: string): void {
    this.remove.run(patientId);
  }

  list(): PinnedPatient[] {
    return this.selectAll.all().map((r) => ({ patientId: r.patient_id, pinnedAt: r.pinned_at, pinnedBy: r.pinned_by }));
  }
}
