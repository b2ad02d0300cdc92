import type { Queryable } from '../../db/database.js';
import type { FundOperation } from './fund.js';
import type { CertificateState } from './rules.js';

/** The SQL behind sick-leave certificates and their outbox (tables of migration 050). */
export interface CertificateRow {
  id: string;
  patient_id: string;
  personal_number: string;
  encounter_id: string | null;
  organization_id: string;
  created_by: string;
  reason: string;
  diagnosis: string;
  status: CertificateState['status'];
  period_from: string;
  period_to: string;
  fund_status: 'pending' | 'confirmed' | 'refused';
  fund_number: string | null;
  fund_state: CertificateState | null;
  fund_message: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface OperationRow {
  id: string;
  certificate_id: string;
  seq: number;
  kind: FundOperation['kind'];
  payload: FundOperation;
  status: 'pending' | 'accepted' | 'refused' | 'blocked';
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  answer: unknown;
  created_at: Date;
  answered_at: Date | null;
}

export async function findCertificate(q: Queryable, id: string, forUpdate = false): Promise<CertificateRow | undefined> {
  const { rows } = await q.query<CertificateRow>(`SELECT * FROM sick_leave_certificate WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [id]);
  return rows[0];
}

export async function listCertificates(q: Queryable, patientId: string): Promise<CertificateRow[]> {
  return (await q.query<CertificateRow>(`SELECT * FROM sick_leave_certificate WHERE patient_id = $1 ORDER BY created_at DESC, id`, [patientId])).rows;
}

export async function operationsOf(q: Queryable, certificateIds: readonly string[]): Promise<OperationRow[]> {
  if (certificateIds.length === 0) return [];
  return (await q.query<OperationRow>(`SELECT * FROM sick_leave_operation WHERE certificate_id = ANY($1::text[]) ORDER BY certificate_id, seq`, [certificateIds])).rows;
}

export async function insertCertificate(q: Queryable, row: Omit<CertificateRow, 'fund_number' | 'fund_state' | 'fund_message' | 'fund_status' | 'updated_at'>): Promise<void> {
  await q.query(
    `INSERT INTO sick_leave_certificate (id, patient_id, personal_number, encounter_id, organization_id, created_by, reason, diagnosis, status, period_from, period_to, fund_status, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12, $12)`,
    [row.id, row.patient_id, row.personal_number, row.encounter_id, row.organization_id, row.created_by, row.reason, row.diagnosis, row.status, row.period_from, row.period_to, row.created_at.toISOString()],
  );
}

/** The certificate as the doctor now wants it; the Fund's side goes back to pending until it confirms. */
export async function updateRequestedState(q: Queryable, id: string, state: CertificateState, now: Date): Promise<void> {
  await q.query(
    `UPDATE sick_leave_certificate SET status = $2, period_from = $3, period_to = $4, updated_at = $5,
       fund_status = CASE WHEN fund_status = 'refused' THEN 'refused' ELSE 'pending' END WHERE id = $1`,
    [id, state.status, state.from, state.to, now.toISOString()],
  );
}

export async function enqueueOperation(q: Queryable, op: { id: string; certificateId: string; payload: FundOperation }, now: Date): Promise<void> {
  await q.query(
    `INSERT INTO sick_leave_operation (id, certificate_id, seq, kind, payload, next_attempt_at, created_at)
     SELECT $1, $2, COALESCE(MAX(seq), 0) + 1, $3, $4::jsonb, $5, $5 FROM sick_leave_operation WHERE certificate_id = $2`,
    [op.id, op.certificateId, op.payload.kind, JSON.stringify(op.payload), now.toISOString()],
  );
}
