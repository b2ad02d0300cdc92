import { badRequest } from '../../../shared/fhir/outcomes.js';

/**
 * Keyset paging: a page link carries the sort values and id of the row it continues from, so the
 * next page starts exactly after it. Unlike an offset, rows inserted or deleted meanwhile never make
 * a page repeat or skip a match. The cursor is opaque to clients (base64url JSON) and checked on
 * the way back in like any other input.
 */
export interface Cursor {
  /** `after`: the page following the row; `before`: the page preceding it. */
  direction: 'after' | 'before';
  /** The row's sort-key values (as text), one per `_sort` key; null where the row had none. */
  keys: (string | null)[];
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.direction === 'after' ? 'a' : 'b', cursor.keys, cursor.id])).toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  const invalid = () => badRequest('_cursor is not a cursor this server gave out (take the next/previous link as it is)', '_cursor');
  if (text.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(text)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(value) || value.length !== 3) throw invalid();
  const [direction, keys, id] = value as unknown[];
  if ((direction !== 'a' && direction !== 'b') || typeof id !== 'string' || !Array.isArray(keys) || keys.length > 3) throw invalid();
  if (!keys.every((k) => k === null || (typeof k === 'string' && k.length <= 512 && !k.includes('\u0000'))) || id.length > 64 || id.includes('\u0000')) throw invalid();
  return { direction: direction === 'a' ? 'after' : 'before', keys: keys as (string | null)[], id };
}
