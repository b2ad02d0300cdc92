import type { SearchParamDefinition } from './definitions.js';
import type { Criterion } from './parse.js';
import type { SqlParams } from './sql-params.js';
import type { Condition, DatePrefix } from './values.js';

/**
 * One criterion (a parameter; its comma-separated values OR'd) as SQL. Index-backed parameters
 * become a subquery over their search_* table answering the ids of the matching resources, with
 * the values OR'd inside it, so PostgreSQL answers each criterion with one index range scan
 * (index-only: the lookup indexes carry the id); search.ts joins them to `resource` as
 * `r.id IN (...)` for a page, and counts from them directly. `_id` and `_lastUpdated` are
 * predicates on columns of `r`. `$1` is always the resource type.
 */
export type CriterionSql = { ids: string; probe: (id: string) => string } | { predicate: string };

export function criterionSql(criterion: Criterion, p: SqlParams): CriterionSql {
  const { def, anyOf } = criterion;
  if (def.column === 'id') return { predicate: idSql(anyOf, p) };
  if (def.column === 'last_updated') return { predicate: or(anyOf.map((c) => (c.kind === 'date' ? pointDateSql(c.prefix, 'r.last_updated', c.range, p) : 'false'))) };
  const param = p.bind(def.rowsOf ?? def.name, 'text');
  switch (def.kind) {
    case 'token':
      return lookup('search_token', param, or(anyOf.map((c) => (c.kind === 'token' ? tokenSql(c, p) : 'false'))));
    case 'reference':
      return lookup('search_reference', param, or(anyOf.map((c) => (c.kind === 'reference' ? referenceSql(c, p) : 'false'))));
    case 'date':
      return lookup('search_date', param, or(anyOf.map((c) => (c.kind === 'date' ? rangeDateSql(c.prefix, 't.low', 't.high', c.range, p) : 'false'))));
    case 'string':
      return stringSql(anyOf.filter((c): c is Extract<Condition, { kind: 'string' }> => c.kind === 'string'), param, p);
  }
}

/** The criterion as a predicate on `r`. */
export function asPredicate(sql: CriterionSql): string {
  return 'ids' in sql ? `r.id IN (${sql.ids})` : sql.predicate;
}

const or = (parts: string[]): string => (parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`);

/**
 * A lookup as a subquery answering ids ('ids'), and as a test of one id ('probe'): the same
 * condition on the owner index (resource_type, id, param), which carries the values. The value
 * condition is wrapped in IS TRUE there so the planner cannot take the lookup index instead and
 * scan a whole value range to find one id (its estimates for a prefix range can be far too low).
 */
function lookup(table: string, param: string, predicate: string, tail = ''): { ids: string; probe: (id: string) => string } {
  return {
    ids: `SELECT t.id FROM ${table} t WHERE t.resource_type = $1 AND t.param = ${param} AND ${predicate}${tail}`,
    probe: (id) => `SELECT 1 FROM ${table} t WHERE t.resource_type = $1 AND t.id = ${id} AND t.param = ${param} AND (${predicate}) IS TRUE${tail}`,
  };
}

function idSql(anyOf: readonly Condition[], p: SqlParams): string {
  const ids = anyOf.flatMap((c) => (c.kind === 'token' && c.code !== undefined ? [c.code] : []));
  return ids.length ? `r.id = ANY(${p.bind(ids, 'text[]')})` : 'false';
}

function tokenSql(c: Extract<Condition, { kind: 'token' }>, p: SqlParams): string {
  const parts: string[] = [];
  if (c.code !== undefined) parts.push(`t.code = ${p.bind(c.code, 'text')}`);
  if (c.system === null) parts.push('t.system IS NULL');
  else if (c.system !== undefined) parts.push(`t.system = ${p.bind(c.system, 'text')}`);
  return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
}

function referenceSql(c: Extract<Condition, { kind: 'reference' }>, p: SqlParams): string {
  const id = `t.target_id = ${p.bind(c.targetId, 'text')}`;
  return c.targetType ? `(${id} AND t.target_type = ${p.bind(c.targetType, 'text')})` : id;
}

/**
 * A word's key matches every stored key it is a prefix of. The keys are lower-case Latin letters and
 * digits, so "prefix" is the half-open range [key, key with its last letter raised): the pattern
 * operators use the text_pattern_ops index whether or not the planner sees the value.
 */
function keyPrefixSql(key: string, p: SqlParams): string {
  const upper = key.slice(0, -1) + String.fromCharCode(key.charCodeAt(key.length - 1) + 1);
  return `(t.value ~>=~ ${p.bind(key, 'text')} AND t.value ~<~ ${p.bind(upper, 'text')})`;
}

/**
 * String values: each value's words must all match (Иванов Иван finds Ivan Ivanov), any value may
 * (comma). One word per value needs no grouping; several are checked per resource with HAVING.
 */
function stringSql(values: readonly Extract<Condition, { kind: 'string' }>[], param: string, p: SqlParams): ReturnType<typeof lookup> {
  const wordSql = (c: Extract<Condition, { kind: 'string' }>, key: string) =>
    c.exact !== undefined ? `(t.value = ${p.bind(key, 'text')} AND t.raw = ${p.bind(c.exact, 'text')})` : keyPrefixSql(key, p);
  if (values.every((c) => c.keys.length === 1)) return lookup('search_string', param, or(values.map((c) => wordSql(c, c.keys[0]!))));
  const groups = values.map((c) => c.keys.map((key) => wordSql(c, key)));
  const any = or(groups.flat());
  // Each word needs a stored word of its own: "Иванов Иван" must not be satisfied by Иванов alone.
  const having = groups.map((words) => `(${words.map((w) => `bool_or(${w})`).join(' AND ')} AND count(DISTINCT t.value) FILTER (WHERE ${or(words)}) >= ${words.length})`).join(' OR ');
  const grouped = lookup('search_string', param, any, ` GROUP BY t.id HAVING ${having}`);
  if (values.length > 1) return grouped;
  // One value of several words: the ids every word's lookup finds (index-only range scans, joined
  // by id), each then tested whole on the owner index. Grouping every row of every word instead
  // reads thousands of rows for a common given name (Иван) to find a few dozen people.
  // INTERSECT hashes or merges whatever the planner thinks of a range's size (its estimate for a
  // long prefix can be one row where there are a thousand); OFFSET 0 keeps the test above it.
  const words = groups[0]!.map((word) => `(${lookup('search_string', param, word).ids})`).join(' INTERSECT ');
  return { ids: `SELECT d.id FROM (SELECT i.id FROM (${words}) i OFFSET 0) d WHERE EXISTS (${grouped.probe('d.id')} OFFSET 0)`, probe: grouped.probe };
}

type Range = Extract<Condition, { kind: 'date' }>['range'];

/**
 * A stored range [low, high) against the searched range [lo, hi), by prefix (FHIR R4 3.1.1.4.5,
 * as the common servers read it): eq contained in, ne not contained, gt/ge ends after the value's
 * end/start, lt/le starts before its start/end, sa starts after it ends, eb ends before it starts.
 */
export function rangeDateSql(prefix: DatePrefix, low: string, high: string, range: Range, p: SqlParams): string {
  const lo = () => p.bind(range.low, 'timestamptz');
  const hi = () => p.bind(range.high, 'timestamptz');
  switch (prefix) {
    case 'eq':
      return `(${low} >= ${lo()} AND ${high} <= ${hi()})`;
    case 'ne':
      return `(${low} < ${lo()} OR ${high} > ${hi()})`;
    case 'gt':
      return `${high} > ${hi()}`;
    case 'ge':
      return `${high} > ${lo()}`;
    case 'lt':
      return `${low} < ${lo()}`;
    case 'le':
      return `${low} < ${hi()}`;
    case 'sa':
      return `${low} >= ${hi()}`;
    case 'eb':
      return `${high} <= ${lo()}`;
  }
}

/** The same comparisons for an instant column (a point): written so the column's index applies. */
export function pointDateSql(prefix: DatePrefix, column: string, range: Range, p: SqlParams): string {
  const lo = () => p.bind(range.low, 'timestamptz');
  const hi = () => p.bind(range.high, 'timestamptz');
  switch (prefix) {
    case 'eq':
      return `(${column} >= ${lo()} AND ${column} < ${hi()})`;
    case 'ne':
      return `(${column} < ${lo()} OR ${column} >= ${hi()})`;
    case 'gt':
    case 'sa':
      return `${column} >= ${hi()}`;
    case 'ge':
      return `${column} >= ${lo()}`;
    case 'lt':
    case 'eb':
      return `${column} < ${lo()}`;
    case 'le':
      return `${column} < ${hi()}`;
  }
}

/** Which index table holds a parameter's rows (for sort expressions). */
export function tableOf(def: SearchParamDefinition): string {
  return { token: 'search_token', string: 'search_string', date: 'search_date', reference: 'search_reference' }[def.kind];
}
