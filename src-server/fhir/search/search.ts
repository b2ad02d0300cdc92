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
  const lookups = indexLookups(criteria, restriction === undefined);
  const count = countStatement(lookups, whereSql);
  const countParams = p.clone();
  const countTotal = async (exact: boolean) => {
    // Beyond a thousand matches an exact count is the dearest part of a search; unless asked for
    // (_total=accurate, _summary=count) or cheap (one index lookup), it stops there and is left out.
    const sql = exact || count.cheap ? count.sql : count.capped;
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
  const after = cursor ? keysetSql(columns, cursor, p) : undefined;
  const sortValues = columns.map((column, i) => `, ${column.expression} AS s${i}`).join('');
  const cursorValues = columns.map((_, i) => `, q.s${i}::text AS c${i}`).join('');
  const { rows } = await db.query<PageRow>(
    lookups && columns.length === 0
      ? // In id order with every criterion an index lookup: the page's ids come from the lookups
        // alone (index-only scans, sorted in memory however many match), and only the page's rows
        // are read from 'resource'. Left to itself the planner walks 'resource' in id order and
        // probes every row until it has a page, which for a rare match is most of the table.
        `SELECT r.id, r.patient_id, r.content
         FROM (SELECT q.id FROM ${idsOf(lookups, true)}${after ? ` AND ${after}` : ''}
               ORDER BY ${orderBySql(columns, backward)} LIMIT ${p.bind(parsed.count + 1)}) q
         JOIN resource r ON r.resource_type = $1 AND r.id = q.id AND NOT r.deleted
         ORDER BY ${orderBySql(columns, backward).replace('q.id', 'r.id')}`
      : `SELECT q.id, q.patient_id, q.content${cursorValues}
         FROM (SELECT r.id, r.patient_id, r.content${sortValues} FROM resource r WHERE ${whereSql}) q
         ${after ? `WHERE ${after}` : ''} ORDER BY ${orderBySql(columns, backward)} LIMIT ${p.bind(parsed.count + 1)}`,
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

type Lookup = Extract<CriterionSql, { ids: string }>;

/** Above this many matches, a total that is not cheap to count is left out unless `_total=accurate`. */
export const COUNT_CAP = 1000;

/**
 * The index lookups of a search when every criterion is one and nothing narrows by compartment:
 * the index tables hold rows of live resources only (a deletion removes them), so such a search is
 * answered from the lookups alone, without reading 'resource' until the page is known.
 */
function indexLookups(criteria: readonly CriterionSql[], unrestricted: boolean): Lookup[] | undefined {
  const lookups = criteria.flatMap((c) => ('ids' in c ? [c] : []));
  return unrestricted && lookups.length > 0 && lookups.length === criteria.length ? lookups : undefined;
}

/**
 * '(...) q WHERE ...': the ids matching every lookup. The driver is a lookup other than a date when
 * there is one (dates are usually the broadest criterion: birthdate=ge1960); its ids are made
 * distinct (and sorted, for a page) behind a fence (OFFSET 0), and each other lookup is a probe per id (EXISTS
 * kept correlated by its OFFSET 0) on the owner index (resource_type, id, param), index-only. So a
 * page in id order probes only until it is full, and the planner does not hash a broad date
 * range of the whole population to intersect it with a few hundred names.
 */
function idsOf(lookups: readonly Lookup[], ordered: boolean): string {
  const driver = lookups.find((lookup) => !lookup.ids.includes('FROM search_date')) ?? lookups[0]!;
  const others = lookups.filter((lookup) => lookup !== driver).map((lookup) => `EXISTS (${lookup.probe('q.id')} OFFSET 0)`);
  return `(SELECT DISTINCT d.id FROM (${driver.ids}) d${ordered ? ' ORDER BY d.id' : ''} OFFSET 0) q WHERE ${others.length ? others.join(' AND ') : 'true'}`;
}

/**
 * The count of matches: exact ('sql'), or stopping past the cap ('capped'). From the lookups
 * alone when the search is all lookups (index-only scans); with a single lookup that is cheap at
 * any size. Otherwise it joins 'resource'.
 */
function countStatement(lookups: readonly Lookup[] | undefined, whereSql: string): { sql: string; capped: string; cheap: boolean } {
  if (!lookups) {
    return {
      sql: `SELECT count(*) AS n FROM resource r WHERE ${whereSql}`,
      capped: `SELECT count(*) AS n FROM (SELECT 1 FROM resource r WHERE ${whereSql} LIMIT ${COUNT_CAP + 1}) c`,
      cheap: false,
    };
  }
  return {
    sql: `SELECT count(*) AS n FROM (SELECT q.id FROM ${idsOf(lookups, false)}) c`,
    capped: `SELECT count(*) AS n FROM (SELECT q.id FROM ${idsOf(lookups, false)} LIMIT ${COUNT_CAP + 1}) c`,
    cheap: lookups.length === 1,
  };
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
