import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../db/database.js';
import type { FeedEntry } from '../feeds/parse-feed.js';
import type { ReviewCandidate } from '../matching/resolve-patient.js';

/** Records held back until a person says whose they are (table feed_review_item). */
export interface ReviewItemRow {
  id: string;
  organization_id: string;
  patient_source_key: string;
  submission_ids: string[];
  status: 'pending' | 'attached' | 'rejected';
  reason: string;
  demographics: unknown;
  candidates: ReviewCandidate[];
  entries: FeedEntry[];
  created_at: Date;
  updated_at: Date;
  resolved_by: string | null;
  resolution: { patientId?: string; reason?: string } | null;
}

export interface HeldRecords {
  organizationId: string;
  subjectKey: string;
  submissionId: string;
  reason: string;
  candidates: ReviewCandidate[];
  /** The Patient entry, or the personal number the records named. */
  demographics: unknown;
  entries: FeedEntry[];
}

/**
 * Holds records for review. One pending item per institution and person: records of a later
 * submission about the same person join it, a resent record replacing its earlier copy.
 */
export async function holdForReview(tx: Queryable, held: HeldRecords, now: Date): Promise<string> {
  const { rows } = await tx.query<ReviewItemRow>(
    `SELECT * FROM feed_review_item WHERE organization_id = $1 AND patient_source_key = $2 AND status = 'pending' FOR UPDATE`,
    [held.organizationId, held.subjectKey],
  );
  const existing = rows[0];
  if (!existing) {
    const id = randomUUID();
    await tx.query(
      `INSERT INTO feed_review_item (id, organization_id, patient_source_key, submission_ids, status, reason, demographics, candidates, entries, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'pending', $5, $6::jsonb, $7::jsonb, $8::jsonb, $9, $9)`,
      [id, held.organizationId, held.subjectKey, [held.submissionId], held.reason, JSON.stringify(held.demographics), JSON.stringify(held.candidates), JSON.stringify(held.entries), now.toISOString()],
    );
    return id;
  }
  const incoming = new Set(held.entries.map((entry) => entry.sourceKey));
  const entries = [...existing.entries.filter((entry) => !incoming.has(entry.sourceKey)), ...held.entries];
  const submissions = existing.submission_ids.includes(held.submissionId) ? existing.submission_ids : [...existing.submission_ids, held.submissionId];
  await tx.query(
    `UPDATE feed_review_item SET submission_ids = $2, reason = $3, demographics = $4::jsonb, candidates = $5::jsonb, entries = $6::jsonb, updated_at = $7 WHERE id = $1`,
    [existing.id, submissions, held.reason, JSON.stringify(held.demographics), JSON.stringify(held.candidates), JSON.stringify(entries), now.toISOString()],
  );
  return existing.id;
}
