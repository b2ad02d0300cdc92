import type { Bundle, Resource } from '@medplum/fhirtypes';
import { CLINICAL_TYPES } from '../../../shared/domain/access.js';
import { badRequest } from '../../../shared/fhir/outcomes.js';
import type { Queryable } from '../../db/database.js';
import { criterionSql } from './criteria-sql.js';
import { encodeCursor, type Cursor } from './cursor.js';
import { keysetSql, orderBySql, orderColumns } from './order-sql.js';
import { parseSearch, type ParsedSearch } from './parse.js';
import { searchsetBundle, type SearchPage } from './searchset.js';
import { SqlParams } from './sql-params.js';

export interface SearchOptions {
  /** Base URL for fullUrl and paging links, e.g. http://127.0.0.1:8080/fhir */
  baseUrl: string;
  /** When set, only resources in these patients' compartments are returned (cabinet, scoped clinics). */
  restrictToPatients?: readonly string[] | undefined;
}

export interface SearchOutcome {
  bundle: Bundle;
  /** The patients whose data the page holds, for the audit trail. */
  patientIds: string[];
}

export type SearchQuery = Record<string, string | string[] | undefined>;

interface PageRow {
  id: string;
  patient_id: string | null;
  content: Resource | string;
  [key: `c${number}`]: string | null;
}

/**
 * Runs a FHIR search over the search_* index tables. `query` is the parsed query string (repeated
 * parameters are arrays). An unknown or malformed parameter is a 400 OperationOutcome naming it.
 * Answers a searchset Bundle: `total` (unless `_total=none`), `self`/`next`/`previous` links with
 * keyset cursors, entries with `search.mode = match`. Two statements at most: the page, and the
 * count when the page alone cannot tell it.
 */
export async function searchResources(db: Queryable, resourceType: string, query: SearchQuery, options: SearchOptions): Promise<SearchOutcome> {
  const parsed = parseSearch(resourceType, query);
  try {
    return await runSearch(db, parsed, query, options);
  } catch (error) {
    // A value PostgreSQL cannot read (a date out of its range, say) is the request's fault.
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && /^(22|54)/.test(code)) throw badRequest('A search value is out of range or could not be read');
    throw error;
  }
}

async function runSearch(db: Queryable, parsed: ParsedSearch, query: SearchQuery, options: SearchOptions): Promise<SearchOutcome> {
  const p = new SqlParams();
  p.bind(parsed.resourceType, 'text'); // $1, which every criterion's subquery refers to
  const where = ['r.resource_type = $1', 'NOT r.deleted', ...parsed.criteria.map((criterion) => criterionSql(criterion, p))];
  const restriction = compartmentSql(parsed.resourceType, options.restrictToPatients, p);
  if (restriction) where.push(restriction);
  const whereSql = where.join(' AND ');
  const countParams = p.clone();
  const countTotal = async () => {
    const { rows } = await db.query<{ n: number | string }>(`SELECT count(*) AS n FROM resource r WHERE ${whereSql}`, countParams.values);
    return Number(rows[0]?.n ?? 0);
  };

  const page: SearchPage = { resources: [], patientIds: [], total: undefined, next: undefined, previous: undefined };
  if (parsed.countOnly) {
    page.total = await countTotal();
    return { bundle: searchsetBundle(parsed, query, page, options.baseUrl), patientIds: [] };
  }

  const columns = orderColumns(parsed.sort, p);
  const cursor = parsed.cursor;
  const backward = cursor?.direction === 'before';
  const keyset = cursor ? `WHERE ${keysetSql(columns, cursor, p)}` : '';
  const sortValues = columns.map((column, i) => `, ${column.expression} AS s${i}`).join('');
  const cursorValues = columns.map((_, i) => `, q.s${i}::text AS c${i}`).join('');
  const { rows } = await db.query<PageRow>(
    `SELECT q.id, q.patient_id, q.content${cursorValues}
     FROM (SELECT r.id, r.patient_id, r.content${sortValues} FROM resource r WHERE ${whereSql}) q
     ${keyset} ORDER BY ${orderBySql(columns, backward)} LIMIT ${p.bind(parsed.count + 1)}`,
    p.values,
  );
  const more = rows.length > parsed.count;
  const pageRows = rows.slice(0, parsed.count);
  if (backward) pageRows.reverse();

  const positionOf = (row: PageRow, direction: Cursor['direction']): string =>
    encodeCursor({ direction, keys: columns.map((_, i) => row[`c${i}`] ?? null), id: row.id });
  const first = pageRows[0];
  const last = pageRows.at(-1);
  // Forward: more rows means a next page; having come by cursor means a previous one. Backward: mirrored.
  if (last && (backward || more)) page.next = positionOf(last, 'after');
  if (first && (backward ? more : cursor !== undefined)) page.previous = positionOf(first, 'before');

  page.resources = pageRows.map((row) => (typeof row.content === 'string' ? (JSON.parse(row.content) as Resource) : row.content));
  page.patientIds = [...new Set(pageRows.flatMap((row) => (row.patient_id ? [row.patient_id] : [])))];
  if (parsed.total !== 'none') page.total = !cursor && !more ? pageRows.length : await countTotal();
  return { bundle: searchsetBundle(parsed, query, page, options.baseUrl), patientIds: page.patientIds };
}

/**
 * A restricted caller (a patient in the cabinet) sees clinical resources of the allowed
 * compartments only; directory and scheduling resources that belong to no patient stay visible,
 * as they do for a read (read.ts), and other patients' ones do not.
 */
function compartmentSql(resourceType: string, restrictToPatients: readonly string[] | undefined, p: SqlParams): string | undefined {
  if (!restrictToPatients) return undefined;
  const allowed = `r.patient_id = ANY(${p.bind([...restrictToPatients], 'text[]')})`;
  return (CLINICAL_TYPES as readonly string[]).includes(resourceType) ? allowed : `(r.patient_id IS NULL OR ${allowed})`;
}
