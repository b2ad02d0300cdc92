import type { SqliteDatabase } from './open.js';

export type RegisterCheckStatus = 'pending' | 'confirmed' | 'not-found' | 'mismatch';

export interface RegisterCheck {
  patientId: string;
  personalNumber: string;
  status: RegisterCheckStatus;
  attempts: number;
  checkedAt: string | null;
  /** What did not agree, for a `mismatch`. */
  detail: string | null;
}

interface Row {
  patient_id: string;
  personal_number: string;
  status: RegisterCheckStatus;
  attempts: number;
  checked_at: string | null;
  detail: string | null;
}

/**
 * Population-register checks of patients registered here. A registration made while the register
 * was unreachable stays `pending` until the check runs again online.
 */
export class RegisterCheckRepository {
  private readonly insert;
  private readonly selectOne;
  private readonly selectPending;
  private readonly update;

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare<[string, string, RegisterCheckStatus, string | null]>(
      'INSERT INTO register_check (patient_id, personal_number, status, checked_at) VALUES (?, ?, ?, ?)',
    );
    this.selectOne = db.prepare<[string], Row>('SELECT * FROM register_check WHERE patient_id = ?');
    this.selectPending = db.prepare<[number], Row>("SELECT * FROM register_check WHERE status = 'pending' ORDER BY attempts, patient_id LIMIT ?");
    this.update = db.prepare<[RegisterCheckStatus, string, string | null, string]>(
      'UPDATE register_check SET status = ?, checked_at = ?, detail = ?, attempts = attempts + 1 WHERE patient_id = ?',
    );
  }

  add(patientId: string, personalNumber: string, status: 'pending' | 'confirmed', now: Date): void {
    this.insert.run(patientId, personalNumber, status, status === 'confirmed' ? now.toISOString() : null);
  }

  get(patientId: string): RegisterCheck | null {
    const row = this.selectOne.get(patientId);
    return row ? fromRow(row) : null;
  }

  pending(limit = 50): RegisterCheck[] {
    return this.selectPending.all(limit).map(fromRow);
  }

  /** Records the outcome of one attempt (`pending` again when the register was unreachable). */
  record(patientId: string, status: RegisterCheckStatus, now: Date, detail: string | null = null): void {
    this.update.run(status, now.toISOString(), detail, patientId);
  }
}

function fromRow(row: Row): RegisterCheck {
  return {
    patientId: row.patient_id,
    personalNumber: row.personal_number,
    status: row.status,
    attempts: row.attempts,
    checkedAt: row.checked_at,
    detail: row.detail,
  };
}
