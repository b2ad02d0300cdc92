import type { Resource } from '@medplum/fhirtypes';
import { badRequest } from '../../shared/fhir/outcomes.js';
import type { Queryable } from '../db/database.js';

export interface Change {
  resourceType: string;
  id: string;
  versionId: string;
  deleted: boolean;
  patientId: string | undefined;
  /** The version written (absent for a deletion, or when not asked for). */
  resource?: Resource | undefined;
}

export interface ChangePage {
  changes: Change[];
  /** Pass back to continue after the last change of this page; unchanged when the page is empty. */
  nextCursor: string;
}

export interface ChangeFilter {
  patientIds?: readonly string[] | undefined;
  /** Leave the resources out (references only). */
  withoutResources?: boolean | undefined;
}

export const MAX_CHANGES = 1000;

/**
 * The change feed, in commit order. The log is ordered by (writing transaction id, seq) and a page
 * only takes rows of transactions older than the oldest one still running
 * (`pg_snapshot_xmin(pg_current_snapshot())`): a slow transaction that started before a fast one
 * but commits after it has a smaller id, so it holds the feed back until it commits instead of
 * being skipped by a cursor that has already moved past it. The cursor is that (tx, seq) pair,
 * opaque to clients.
 */
export async function readChanges(db: Queryable, cursor: string | undefined, limit: number, filter: ChangeFilter = {}): Promise<ChangePage> {
  const after = cursor ? decodeCursor(cursor) : { tx: '0', seq: 0 };
  const count = Math.min(Math.max(Math.trunc(limit), 1), MAX_CHANGES);
  const { rows } = await db.query<{ tx: string; seq: number | string; resource_type: string; id: string; version_id: number; deleted: boolean; patient_id: string | null; content: Resource | string | null }>(
    `SELECT c.tx::text AS tx, c.seq, c.resource_type, c.id, c.version_id, c.deleted, c.patient_id,
            ${filter.withoutResources ? 'NULL' : 'h.content'} AS content
     FROM change_log c
     ${filter.withoutResources ? '' : 'LEFT JOIN resource_history h ON h.resource_type = c.resource_type AND h.id = c.id AND h.version_id = c.version_id AND NOT c.deleted'}
     WHERE (c.tx, c.seq) > ($1::xid8, $2::bigint)
       AND c.tx < pg_snapshot_xmin(pg_current_snapshot())
       AND ($3::text[] IS NULL OR c.patient_id = ANY($3::text[]))
     ORDER BY c.tx, c.seq
     LIMIT $4`,
    [after.tx, after.seq, filter.patientIds ? [...filter.patientIds] : null, count],
  );
  const last = rows.at(-1);
  return {
    changes: rows.map((row) => ({
      resourceType: row.resource_type,
      id: row.id,
      versionId: String(row.version_id),
      deleted: row.deleted,
      patientId: row.patient_id ?? undefined,
      ...(row.content ? { resource: typeof row.content === 'string' ? (JSON.parse(row.content) as Resource) : row.content } : {}),
    })),
    nextCursor: last ? encodeCursor(last.tx, Number(last.seq)) : (cursor ?? encodeCursor('0', 0)),
  };
}

export function encodeCursor(tx: string, seq: number): string {
  return Buffer.from(`${tx}.${seq}`).toString('base64url');
}

export function decodeCursor(cursor: string): { tx: string; seq: number } {
  const text = /^[A-Za-z0-9_-]{1,60}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^(\d{1,20})\.(\d{1,18})$/.exec(text);
  if (!match || BigInt(match[1]!) > 0xffffffffffffffffn) throw badRequest('The cursor is not one this server gave out', 'cursor');
  return { tx: match[1]!, seq: Number(match[2]) };
}
