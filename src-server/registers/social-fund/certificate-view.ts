import type { CertificateRow, OperationRow } from './certificate-store.js';

/** A sick-leave certificate as the workstation shows it: what the doctor asked, and what the Fund made of it. */
export interface CertificateView {
  id: string;
  patientId: string;
  encounterId: string | null;
  organizationId: string;
  reason: string;
  diagnosis: string;
  status: 'open' | 'closed' | 'cancelled';
  period: { from: string; to: string };
  fund: {
    /** pending: operations wait in the outbox; confirmed: the Fund has them all; refused: it refused one (message says why). */
    status: 'pending' | 'confirmed' | 'refused';
    certificateNumber: string | null;
    confirmed: { status: string; from: string; to: string } | null;
    message: string | null;
  };
  operations: { id: string; kind: string; status: string; attempts: number; lastError: string | null; createdAt: string; answeredAt: string | null }[];
  createdAt: string;
  updatedAt: string;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export function certificateView(row: CertificateRow, operations: readonly OperationRow[]): CertificateView {
  return {
    id: row.id,
    patientId: row.patient_id,
    encounterId: row.encounter_id,
    organizationId: row.organization_id,
    reason: row.reason,
    diagnosis: row.diagnosis,
    status: row.status,
    period: { from: row.period_from, to: row.period_to },
    fund: { status: row.fund_status, certificateNumber: row.fund_number, confirmed: row.fund_state, message: row.fund_message },
    operations: operations
      .filter((op) => op.certificate_id === row.id)
      .map((op) => ({ id: op.id, kind: op.kind, status: op.status, attempts: op.attempts, lastError: op.last_error, createdAt: iso(op.created_at)!, answeredAt: iso(op.answered_at) })),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}
