import { badRequest } from '../../../shared/fhir/outcomes.js';
import type { Cursor } from './cursor.js';
import type { SortKey } from './parse.js';
import type { SqlParams } from './sql-params.js';

/**
 * The order of a search and the keyset condition that continues it. Rows are ordered by the
 * `_sort` keys (missing values last in either direction) and then by id, which makes the order
 * total: a cursor names one position exactly, and the next page starts right after it however
 * many rows were written meanwhile.
 */
export interface OrderColumn {
  /** Expression over `r` giving the sort value of a row. */
  expression: string;
  descending: boolean;
  /** How a cursor's text for this key is cast back (and checked before it is bound). */
  cast: 'text' | 'timestamptz';
}

/** The sort-value expressions of the keys; a parameter with several values sorts by its lowest (highest when descending). */
export function orderColumns(sort: readonly SortKey[], p: SqlParams): OrderColumn[] {
  return sort.map(({ def, descending }) => {
    if (def.column === 'id') return { expression: 'r.id', descending, cast: 'text' };
    if (def.column === 'last_updated') return { expression: 'r.last_updated', descending, cast: 'timestamptz' };
    const param = p.bind(def.rowsOf ?? def.name, 'text');
    const pick = descending ? 'max' : 'min';
    const owner = `t.resource_type = r.resource_type AND t.id = r.id AND t.param = ${param}`;
    switch (def.kind) {
      case 'date':
        return { expression: `(SELECT ${pick}(t.${descending ? 'high' : 'low'}) FROM search_date t WHERE ${owner})`, descending, cast: 'timestamptz' };
      case 'string':
        // Case and ё/е do not decide the order of names; the original spelling does otherwise.
        return { expression: `(SELECT ${pick}(translate(lower(t.raw), 'ё', 'е')) FROM search_string t WHERE ${owner})`, descending, cast: 'text' };
      case 'token':
        return { expression: `(SELECT ${pick}(t.code) FROM search_token t WHERE ${owner})`, descending, cast: 'text' };
      case 'reference':
        return { expression: `(SELECT ${pick}(t.target_id) FROM search_reference t WHERE ${owner})`, descending, cast: 'text' };
    }
  });
}

/** ORDER BY over the outer query's `q.s0, q.s1, ..., q.id`; `reverse` walks it backwards (previous pages). */
export function orderBySql(columns: readonly OrderColumn[], reverse: boolean): string {
  const keys = columns.map((column, i) => {
    const descending = column.descending !== reverse;
    return `q.s${i} ${descending ? 'DESC' : 'ASC'} NULLS ${reverse ? 'FIRST' : 'LAST'}`;
  });
  return [...keys, `q.id ${reverse ? 'DESC' : 'ASC'}`].join(', ');
}

// What PostgreSQL prints for a timestamptz cast to text (what cursors carry), and nothing else.
const TIMESTAMP_TEXT = /^(?:-?infinity|\d{4,6}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})?(?:[+-]\d\d(?::\d\d){0,2})?(?: BC)?)$/;

/**
 * The rows strictly after (or, for a `before` cursor, strictly before) the cursor's position in
 * the order of `columns`. Built key by key: a later key only decides among rows equal on the
 * earlier ones; a missing value sorts after every present one.
 */
export function keysetSql(columns: readonly OrderColumn[], cursor: Cursor, p: SqlParams): string {
  if (cursor.keys.length !== columns.length) throw badRequest('_cursor belongs to a search with another _sort; take the next link as it is', '_cursor');
  const forward = cursor.direction === 'after';
  const step = (i: number): string => {
    if (i === columns.length) return `q.id ${forward ? '>' : '<'} ${p.bind(cursor.id, 'text')}`;
    const column = columns[i]!;
    const value = cursor.keys[i]!;
    const later = step(i + 1);
    const key = `q.s${i}`;
    // Missing values are last: after a missing value only missing values follow.
    if (value === null) return forward ? `(${key} IS NULL AND ${later})` : `(${key} IS NOT NULL OR ${later})`;
    if (column.cast === 'timestamptz' && !TIMESTAMP_TEXT.test(value)) throw badRequest('_cursor is not a cursor this server gave out', '_cursor');
    const bound = p.bind(value, column.cast);
    const beyond = column.descending === forward ? '<' : '>';
    const missing = forward ? `${key} IS NULL OR ` : '';
    return `(${missing}${key} ${beyond} ${bound} OR (${key} = ${bound} AND ${later}))`;
  };
  return step(0);
}
