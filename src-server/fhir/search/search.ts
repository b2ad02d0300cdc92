import type { Bundle, Resource } from '@medplum/fhirtypes';
import { CLINICAL_TYPES } from '../../../shared/domain/access.js';
import { badRequest } from '../../../shared/fhir/outcomes.js';
import type { Queryable } from '../../db/database.js';
import { asPredicate, criterionSql, type CriterionSql } from './criteria-sql.js';
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
 * Answers a searchset Bundle: `total` (see countTotal), `self`/`next`/`previous` links with
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
  const criteria = parsed.criteria.map((criterion) => criterionSql(criterion, p));
  const restriction = compartmentSql(parsed.resourceType, options.restrictToPatients, p);
  const whereSql = ['r.resource_type = $1', 'NOT r.deleted', ...criteria.map(asPredicate), ...(restriction ? [restriction] : [])].join(' AND ');
  const count = countStatement(criteria, restriction === undefined, whereSql);
  const countParams = p.clone();
  const countTotal = async (exact: boolean) => {
    // Beyond a thousand matches an exact count is the dearest part of a search; unless asked for
    // (_total=accurate, _summary=count) or cheap (one index lookup), it stops there and is left out.
    const sql = exact || count.cheap ? count.sql : `SELECT count(*) AS n FROM (SELECT 1 FROM resource r WHERE ${whereSql} LIMIT ${COUNT_CAP + 1}) c`;
    const { rows } = await db.query<{ n: number | string }>(sql, countParams.values);
    const n = Number(rows[0]?.n ?? 0);
    return exact || count.cheap || n <= COUNT_CAP ? n : undefined;
  };

  const page: SearchPage = { resources: [], patientIds: [], total: undefined, next: undefined, previous: undefined };
  if (parsed.countOnly) {
    page.total = await countTotal(true);
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
  if (parsed.total !== 'none') page.total = !cursor && !more ? pageRows.length : await countTotal(parsed.total === 'accurate');
  return { bundle: searchsetBundle(parsed, query, page, options.baseUrl), patientIds: page.patientIds };
}

/** Above this many matches, a total that is not cheap to count is left out unless `_total=accurate`. */
export const COUNT_CAP = 1000;

/**
 * The exact count of matches. The index tables hold rows of live resources only (a deletion removes
 * them), so when every criterion is an index lookup and nothing narrows by compartment, the count
 * comes from the lookups alone: an index-only scan of one, the others as semi-joins; with a single
 * lookup that is cheap at any size. Otherwise it joins `resource`.
 */
function countStatement(criteria: readonly CriterionSql[], unrestricted: boolean, whereSql: string): { sql: string; cheap: boolean } {
  const lookups = criteria.flatMap((c) => ('ids' in c ? [c.ids] : []));
  if (!unrestricted || lookups.length === 0 || lookups.length !== criteria.length) return { sql: `SELECT count(*) AS n FROM resource r WHERE ${whereSql}`, cheap: false };
  // Dates are usually the broadest criterion (birthdate=ge1960); start from anything else.
  const driver = lookups.find((ids) => !ids.includes('FROM search_date')) ?? lookups[0]!;
  const others = lookups.filter((ids) => ids !== driver).map((ids) => `m.id IN (${ids})`);
  const sql = `SELECT count(*) AS n FROM (SELECT DISTINCT m.id FROM (${driver}) m${others.length ? ` WHERE ${others.join(' AND ')}` : ''}) d`;
  return { sql, cheap: lookups.length === 1 };
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
