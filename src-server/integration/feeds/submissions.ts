import type { OperationOutcome } from '@medplum/fhirtypes';
import type { Queryable } from '../../db/database.js';
import type { IngestSummary } from './ingest.js';

/** A feed submission as stored (table feed_submission) and as the institution sees it. */
export type SubmissionStatus = 'received' | 'accepted' | 'rejected' | 'review';

export interface SubmissionRow {
  id: string;
  client_id: string;
  organization_id: string;
  channel: 'fhir' | 'hl7v2';
  received_at: Date;
  origin_ip: string | null;
  bundle: unknown;
  status: SubmissionStatus;
  attempts: number;
  last_error: string | null;
  processed_at: Date | null;
  summary: IngestSummary | null;
  outcome: OperationOutcome | null;
}

export interface SubmissionView {
  id: string;
  channel: 'fhir' | 'hl7v2';
  status: SubmissionStatus;
  receivedAt: string;
  processedAt: string | null;
  /** While received: why processing has not finished yet (it is retried). */
  waitingFor: string | null;
  summary: Omit<IngestSummary, 'patientIds'> | null;
  /** When rejected: every problem, each naming its entry. */
  outcome: OperationOutcome | null;
}

export async function insertSubmission(q: Queryable, row: Pick<SubmissionRow, 'id' | 'client_id' | 'organization_id' | 'channel' | 'received_at' | 'origin_ip' | 'bundle'> & { message?: string | undefined }): Promise<void> {
  await q.query(
    `INSERT INTO feed_submission (id, client_id, organization_id, channel, received_at, origin_ip, bundle, message, status) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, 'received')`,
    [row.id, row.client_id, row.organization_id, row.channel, row.received_at.toISOString(), row.origin_ip, JSON.stringify(row.bundle), row.message ?? null],
  );
}

export async function findSubmission(q: Queryable, id: string, forUpdate = false): Promise<SubmissionRow | undefined> {
  return (await q.query<SubmissionRow>(`SELECT * FROM feed_submission WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [id])).rows[0];
}

export async function listSubmissions(q: Queryable, organizationId: string, options: { status?: SubmissionStatus | undefined; limit: number }): Promise<SubmissionRow[]> {
  const { rows } = await q.query<SubmissionRow>(
    `SELECT id, client_id, organization_id, channel, received_at, origin_ip, NULL AS bundle, status, attempts, last_error, processed_at, summary, outcome
     FROM feed_submission WHERE organization_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY received_at DESC, id LIMIT $3`,
    [organizationId, options.status ?? null, options.limit],
  );
  return rows;
}

export async function finishSubmission(q: Queryable, id: string, result: { status: Exclude<SubmissionStatus, 'received'>; summary?: IngestSummary; outcome?: OperationOutcome }, now: Date): Promise<void> {
  await q.query(`UPDATE feed_submission SET status = $2, summary = $3::jsonb, outcome = $4::jsonb, processed_at = $5, last_error = NULL WHERE id = $1`, [
    id,
    result.status,
    result.summary ? JSON.stringify(result.summary) : null,
    result.outcome ? JSON.stringify(result.outcome) : null,
    now.toISOString(),
  ]);
}

/** Processing could not finish for a reason that passes (a register down, a database hiccup): count it, say why, retry later. */
export async function noteAttempt(q: Queryable, id: string, reason: string): Promise<void> {
  await q.query(`UPDATE feed_submission SET attempts = attempts + 1, last_error = $2 WHERE id = $1 AND status = 'received'`, [id, reason.slice(0, 500)]);
}

/** Submissions left received: after a failed attempt, or by a Central that stopped while processing. */
export async function waitingSubmissions(q: Queryable, olderThan: Date, limit: number): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(`SELECT id FROM feed_submission WHERE status = 'received' AND received_at < $1 ORDER BY received_at LIMIT $2`, [olderThan.toISOString(), limit]);
  return rows.map((row) => row.id);
}

export function submissionView(row: SubmissionRow): SubmissionView {
  const { patientIds: _patients, ...summary } = row.summary ?? ({} as IngestSummary);
  return {
    id: row.id,
    channel: row.channel,
    status: row.status,
    receivedAt: new Date(row.received_at).toISOString(),
    processedAt: row.processed_at ? new Date(row.processed_at).toISOString() : null,
    waitingFor: row.status === 'received' ? row.last_error : null,
    summary: row.summary ? summary : null,
    outcome: row.outcome,
  };
}
