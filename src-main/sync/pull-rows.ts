import { pullRowsHeadSchema, type PullRowsHead } from '../../shared/sync/pull-rows.js';
import type { ResourceRows, RowsReading } from '../db/resource-rows.js';
import { SyncRequestError } from './http.js';

/** A page read from the 'rows' layout: its head (tombstones in `changes`) and its resource rows as SQLite read them. */
export interface PageRows {
  head: PullRowsHead;
  rows: ResourceRows;
}

const LF = 0x0a;
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a page in the 'rows' layout (shared/sync/pull-rows.ts). The head is parsed here; the rows
 * are handed to SQLite whole (`readRows`: the store's reader), which checks every row. An answer
 * cut short, a row that is not what the layout says, or fewer or more rows than the head announces
 * refuses the whole page.
 */
export function readPageRows(body: Buffer, readRows: (text: Buffer) => RowsReading): PageRows {
  if (body.length === 0 || body[body.length - 1] !== LF) throw malformed('it does not end with a complete line');
  const headEnd = body.indexOf(LF);
  if (headEnd === body.length - 1) throw malformed('it has a head and no rows');
  let headJson: unknown;
  try {
    headJson = JSON.parse(decoder.decode(body.subarray(0, headEnd)));
  } catch {
    throw malformed('its head is not JSON');
  }
  const head = pullRowsHeadSchema.safeParse(headJson);
  if (!head.success) throw malformed(`its head is not a page head: ${head.error.issues[0]?.message ?? 'invalid'}`);
  const reading = readRows(body.subarray(headEnd + 1, body.length - 1));
  if ('problem' in reading) throw malformed(`its resources: ${reading.problem}`);
  if (reading.rows.count !== head.data.resources) throw malformed(`its head announces ${head.data.resources} resources and ${reading.rows.count} came`);
  return { head: head.data, rows: reading.rows };
}

function malformed(why: string): SyncRequestError {
  return new SyncRequestError('busy', `Central's pull page could not be read: ${why}`);
}
