import type { Database, Queryable } from '../../db/database.js';
import type { FundAnswer, FundOperation } from './fund.js';

/**
 * The outbox's bookkeeping. An operation is claimed with a lease (so two dispatchers never send
 * the same one at once, and one that died mid-send is picked up after the lease), sent, and then
 * marked with the Fund's answer. Operations of one certificate go strictly in order: a later one
 * is not due while an earlier one is pending.
 */
export interface ClaimedOperation {
  id: string;
  certificateId: string;
  kind: FundOperation['kind'];
  payload: FundOperation;
  attempts: number;
}

/** Longer than any call to the Fund may take. */
const LEASE_SECONDS = 120;

export async function claimDueOperations(db: Database, now: Date, limit: number): Promise<ClaimedOperation[]> {
  const { rows } = await db.transaction((tx) =>
    tx.query<{ id: string; certificate_id: string; kind: FundOperation['kind']; payload: FundOperation; attempts: number }>(
      `UPDATE sick_leave_operation o SET leased_until = $1::timestamptz + make_interval(secs => $3), attempts = o.attempts + 1
       WHERE o.id IN (
         SELECT d.id FROM sick_leave_operation d
         WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.leased_until IS NULL OR d.leased_until <= $1)
           AND NOT EXISTS (SELECT 1 FROM sick_leave_operation e WHERE e.certificate_id = d.certificate_id AND e.seq < d.seq AND e.status = 'pending')
         ORDER BY d.next_attempt_at, d.created_at, d.id LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING o.id, o.certificate_id, o.kind, o.payload, o.attempts`,
      [now.toISOString(), limit, LEASE_SECONDS],
    ),
  );
  return rows.map((row) => ({ id: row.id, certificateId: row.certificate_id, kind: row.kind, payload: row.payload, attempts: row.attempts }));
}

/** The Fund could not be reached: try again later, waiting longer after each failure (up to 10 minutes). */
export async function postpone(db: Queryable, op: ClaimedOperation, reason: string, now: Date): Promise<void> {
  const waitSeconds = Math.min(600, 5 * 2 ** Math.min(op.attempts - 1, 7));
  await db.query(
    `UPDATE sick_leave_operation SET leased_until = NULL, last_error = $2, next_attempt_at = $3::timestamptz + make_interval(secs => $4) WHERE id = $1 AND status = 'pending'`,
    [op.id, reason.slice(0, 500), now.toISOString(), waitSeconds],
  );
}

/** Records the Fund's answer on the operation and on its certificate, in one transaction. */
export async function recordAnswer(db: Database, op: ClaimedOperation, answer: FundAnswer, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const { rowCount } = await tx.query(
      `UPDATE sick_leave_operation SET status = $2, answer = $3::jsonb, answered_at = $4, leased_until = NULL, last_error = NULL WHERE id = $1 AND status = 'pending'`,
      [op.id, answer.accepted ? 'accepted' : 'refused', JSON.stringify(answer), now.toISOString()],
    );
    if (rowCount === 0) return; // another dispatcher recorded the same answer first
    if (answer.accepted) {
      await tx.query(
        `UPDATE sick_leave_certificate c SET fund_number = $2, fund_state = $3::jsonb, updated_at = $4,
           fund_status = CASE WHEN c.fund_status = 'refused' THEN 'refused'
             WHEN EXISTS (SELECT 1 FROM sick_leave_operation o WHERE o.certificate_id = c.id AND o.status = 'pending') THEN 'pending' ELSE 'confirmed' END
         WHERE id = $1`,
        [op.certificateId, answer.certificateNumber, JSON.stringify({ status: answer.status, from: answer.from, to: answer.to }), now.toISOString()],
      );
      return;
    }
    // A refusal stops the certificate: what was queued after it cannot go out.
    await tx.query(`UPDATE sick_leave_operation SET status = 'blocked', last_error = 'An earlier operation was refused by the Fund' WHERE certificate_id = $1 AND status = 'pending'`, [op.certificateId]);
    await tx.query(`UPDATE sick_leave_certificate SET fund_status = 'refused', fund_message = $2, updated_at = $3 WHERE id = $1`, [op.certificateId, answer.reason.slice(0, 500), now.toISOString()]);
  });
}
