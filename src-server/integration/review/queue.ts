import type { HumanName, Patient } from '@medplum/fhirtypes';
import { isAllowed } from '../../../shared/domain/access.js';
import { conflict, forbidden, notFound, unprocessable } from '../../../shared/fhir/outcomes.js';
import type { Principal, RequestOrigin } from '../../auth/principal.js';
import type { CentralContext } from '../../context.js';
import type { Queryable } from '../../db/database.js';
import { ingestFeed } from '../feeds/ingest.js';
import { saveSourceRecords } from '../feeds/known-records.js';
import { feedOrigin } from '../feeds/process.js';
import { findSubmission } from '../feeds/submissions.js';
import { demographicsOf } from '../matching/demographics.js';
import type { ReviewItemRow } from './review-store.js';

/**
 * The review queue: records whose person Central could not be sure of, for a person to attach to
 * the right Patient or reject. Whoever may edit a Patient may review; the queue shows who the
 * records say they are about and what kinds of records wait, never their clinical content.
 */
export interface ReviewItemView {
  id: string;
  status: ReviewItemRow['status'];
  organizationId: string;
  reason: string;
  /** Who the records say they are about. */
  person: { personalNumber: string | null; name: string | null; birthDate: string | null; sex: string | null };
  candidates: { patientId: string; score: number; reasons: string[]; name: string | null; birthDate: string | null; personalNumber: string | null }[];
  /** How many records wait, by type. */
  records: Record<string, number>;
  submissionIds: string[];
  createdAt: string;
  resolution: ReviewItemRow['resolution'];
}

function requireReviewer(principal: Principal): void {
  if (principal.kind !== 'user' || !isAllowed(principal.roles, 'update', 'Patient')) throw forbidden('Only staff who may edit patients review feed matches');
}

export async function listReviewItems(ctx: CentralContext, principal: Principal, options: { status: ReviewItemRow['status']; limit: number }): Promise<ReviewItemView[]> {
  requireReviewer(principal);
  const { rows } = await ctx.db.query<ReviewItemRow>(`SELECT * FROM feed_review_item WHERE status = $1 ORDER BY created_at, id LIMIT $2`, [options.status, options.limit]);
  const ids = [...new Set(rows.flatMap((row) => row.candidates.map((c) => c.patientId)))];
  const patients = new Map((await ctx.db.query<{ id: string; content: Patient }>(`SELECT id, content FROM resource WHERE resource_type = 'Patient' AND id = ANY($1::text[])`, [ids])).rows.map((r) => [r.id, r.content]));
  return rows.map((row) => reviewView(row, patients));
}

export async function attachReviewItem(ctx: CentralContext, principal: Principal, origin: RequestOrigin, id: string, patientId: string): Promise<ReviewItemView> {
  requireReviewer(principal);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const item = await pendingItem(tx, id);
    const patient = (await tx.query<{ content: Patient }>(`SELECT content FROM resource WHERE resource_type = 'Patient' AND id = $1 AND NOT deleted`, [patientId])).rows[0]?.content;
    if (!patient) throw unprocessable(`There is no Patient ${patientId}`, 'patientId');
    const claimed = (item.demographics as { personalNumber?: string }).personalNumber ?? demographicsOf(item.demographics as Patient).personalNumber;
    const own = demographicsOf(patient).personalNumber;
    if (claimed && own && claimed !== own) throw unprocessable('The records name a personal number different from this Patient\'s', 'patientId');
    // From now on the institution's key for this person leads to the chosen Patient, in this run and in every later feed.
    await saveSourceRecords(tx, item.organization_id, item.submission_ids.at(-1)!, [{ key: item.patient_source_key, resourceType: 'Patient', resourceId: patientId, hash: 'attached-in-review' }], now);
    const submission = await findSubmission(tx, item.submission_ids.at(-1)!);
    const entries = item.entries.map((entry, index) => ({ ...entry, index }));
    await ingestFeed(tx, { entries, origin: await feedOrigin(tx, submission!), principal, requestOrigin: origin, registerPeople: new Map(), now });
    return resolve(tx, item, principal, 'attached', { patientId }, now);
  });
}

export async function rejectReviewItem(ctx: CentralContext, principal: Principal, id: string, reason: string): Promise<ReviewItemView> {
  requireReviewer(principal);
  return ctx.db.transaction(async (tx) => resolve(tx, await pendingItem(tx, id), principal, 'rejected', { reason }, ctx.now()));
}

async function pendingItem(tx: Queryable, id: string): Promise<ReviewItemRow> {
  const item = (await tx.query<ReviewItemRow>(`SELECT * FROM feed_review_item WHERE id = $1 FOR UPDATE`, [id])).rows[0];
  if (!item) throw notFound(`No review item ${id}`);
  if (item.status !== 'pending') throw conflict(`The review item is already ${item.status}`);
  return item;
}

/** Closes the item, and a submission with nothing left in review becomes accepted. */
async function resolve(tx: Queryable, item: ReviewItemRow, principal: Principal, status: 'attached' | 'rejected', resolution: ReviewItemRow['resolution'], now: Date): Promise<ReviewItemView> {
  await tx.query(`UPDATE feed_review_item SET status = $2, resolved_by = $3, resolution = $4::jsonb, updated_at = $5 WHERE id = $1`, [item.id, status, principal.subject, JSON.stringify(resolution), now.toISOString()]);
  await tx.query(
    `UPDATE feed_submission s SET status = 'accepted' WHERE s.id = ANY($1::text[]) AND s.status = 'review'
       AND NOT EXISTS (SELECT 1 FROM feed_review_item r WHERE r.status = 'pending' AND s.id = ANY(r.submission_ids))`,
    [item.submission_ids],
  );
  return reviewView({ ...item, status, resolution }, new Map());
}

function reviewView(row: ReviewItemRow, patients: ReadonlyMap<string, Patient>): ReviewItemView {
  const claimed = row.demographics as Patient & { personalNumber?: string };
  const records: Record<string, number> = {};
  for (const entry of row.entries) if (entry.resource.resourceType !== 'Patient') records[entry.resource.resourceType] = (records[entry.resource.resourceType] ?? 0) + 1;
  return {
    id: row.id,
    status: row.status,
    organizationId: row.organization_id,
    reason: row.reason,
    person: claimed.resourceType === 'Patient' ? summary(claimed) : { personalNumber: claimed.personalNumber ?? null, name: null, birthDate: null, sex: null },
    candidates: row.candidates.map((c) => ({ ...c, ...omitSex(summary(patients.get(c.patientId))) })),
    records,
    submissionIds: row.submission_ids,
    createdAt: new Date(row.created_at).toISOString(),
    resolution: row.resolution,
  };
}

function summary(patient: Patient | undefined) {
  const name: HumanName | undefined = patient?.name?.find((n) => n.use !== 'old') ?? patient?.name?.[0];
  return {
    personalNumber: (patient && demographicsOf(patient).personalNumber) ?? null,
    name: name ? [name.family, ...(name.given ?? [])].filter(Boolean).join(' ') || null : null,
    birthDate: patient?.birthDate ?? null,
    sex: patient?.gender ?? null,
  };
}

const omitSex = ({ sex: _sex, ...rest }: ReturnType<typeof summary>) => rest;
