import { CLINICAL_TYPES } from '../../shared/domain/access.js';
import { badRequest, notFound } from '../../shared/fhir/outcomes.js';
import type { Queryable } from '../db/database.js';
import { toStored, type StoredVersion } from './read.js';

export interface HistoryQuery {
  since?: string | undefined;
  count: number;
  offset: number;
}

export interface HistoryPage {
  versions: StoredVersion[];
  hasMore: boolean;
}

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

/** Reads `_since`, `_count` and `_offset` from a query string; anything malformed is a 400 naming it. */
export function parseHistoryQuery(query: Record<string, unknown>): HistoryQuery {
  const allowed = new Set(['_since', '_count', '_offset', '_format']);
  for (const name of Object.keys(query)) if (!allowed.has(name)) throw badRequest(`Unknown history parameter${/^[\w-]{1,40}$/.test(name) ? ` ${name}` : ''}`, name.slice(0, 40));
  const since = single(query._since, '_since');
  if (since !== undefined && (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(since) || Number.isNaN(Date.parse(since)))) {
    throw badRequest('_since must be an instant such as 2024-05-01T00:00:00Z', '_since');
  }
  return { since, count: pageSize(query._count), offset: nonNegative(query._offset, '_offset') };
}

export function pageSize(value: unknown): number {
  const text = single(value, '_count');
  if (text === undefined) return DEFAULT_PAGE;
  if (!/^\d{1,7}$/.test(text)) throw badRequest('_count must be a whole number', '_count');
  return Math.min(Math.max(Number(text), 1), MAX_PAGE);
}

export function nonNegative(value: unknown, name: string): number {
  const text = single(value, name);
  if (text === undefined) return 0;
  if (!/^\d{1,9}$/.test(text)) throw badRequest(`${name} must be a whole number`, name);
  return Number(text);
}

function single(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(`${name} may be given once`, name);
  return value;
}

const COLUMNS = 'h.resource_type, h.id, h.version_id, h.last_updated, h.deleted, r.patient_id, h.content';

/** Every version of one resource, newest first. */
export async function instanceHistory(q: Queryable, resourceType: string, id: string, query: HistoryQuery, restrictToPatients?: readonly string[]): Promise<HistoryPage> {
  const owner = await q.query<{ patient_id: string | null }>('SELECT patient_id FROM resource WHERE resource_type = $1 AND id = $2', [resourceType, id]);
  const patientId = owner.rows[0]?.patient_id;
  // The read rule (read.ts): for a restricted caller, another patient's resource, or a clinical one
  // of no patient (a Provenance), does not exist.
  const hidden = restrictToPatients && (patientId ? !restrictToPatients.includes(patientId) : (CLINICAL_TYPES as readonly string[]).includes(resourceType));
  if (!owner.rows[0] || hidden) throw notFound(`${resourceType}/${id} is not known`);
  const { rows } = await q.query(
    `SELECT ${COLUMNS} FROM resource_history h JOIN resource r USING (resource_type, id)
     WHERE h.resource_type = $1 AND h.id = $2 AND ($3::timestamptz IS NULL OR h.last_updated >= $3::timestamptz)
     ORDER BY h.version_id DESC LIMIT $4 OFFSET $5`,
    [resourceType, id, query.since ?? null, query.count + 1, query.offset],
  );
  return page(rows, query.count);
}

/** Every version of every resource of a type, newest first; a restricted caller sees their compartments only. */
export async function typeHistory(q: Queryable, resourceType: string, query: HistoryQuery, restrictToPatients?: readonly string[]): Promise<HistoryPage> {
  const { rows } = await q.query(
    `SELECT ${COLUMNS} FROM resource_history h JOIN resource r USING (resource_type, id)
     WHERE h.resource_type = $1 AND ($2::timestamptz IS NULL OR h.last_updated >= $2::timestamptz)
       AND ($3::text[] IS NULL OR r.patient_id = ANY($3::text[]))
     ORDER BY h.last_updated DESC, h.id, h.version_id DESC LIMIT $4 OFFSET $5`,
    [resourceType, query.since ?? null, restrictToPatients ? [...restrictToPatients] : null, query.count + 1, query.offset],
  );
  return page(rows, query.count);
}

function page(rows: unknown[], count: number): HistoryPage {
  const versions = rows.slice(0, count).map((row) => toStored(row as Parameters<typeof toStored>[0]));
  return { versions, hasMore: rows.length > count };
}
