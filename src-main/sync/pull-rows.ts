import { changeSchema, type Change } from '../../shared/sync/protocol.js';
import { pullLinesHeadSchema, resourceKeyProblem, type PullLinesHead, type ResourceKey } from '../../shared/sync/pull-lines.js';
import type { ResourceText } from '../db/resources.js';
import { SyncRequestError } from './http.js';

/** A page read from the 'lines' layout: its head, the resources as text, the other changes (tombstones) as in JSON. */
export interface PageLines {
  head: PullLinesHead;
  texts: ResourceText[];
  others: Change[];
}

const LF = 0x0a;
const TAB = 0x09;
const OPEN_BRACKET = 0x5b;
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a page in the 'lines' layout (shared/sync/pull-lines.ts). Only the head, the keys and the
 * tombstones are parsed; a resource's JSON is checked where it is stored. Anything malformed, or
 * fewer or more lines than the head announces (an answer cut short), refuses the whole page.
 */
export function readPageLines(body: Buffer): PageLines {
  const lines = splitLines(body);
  const head = pullLinesHeadSchema.safeParse(parseJson(lines[0], 'its head'));
  if (!head.success) throw malformed(`its head is not a page head: ${head.error.issues[0]?.message ?? 'invalid'}`);
  if (lines.length - 1 !== head.data.changes) throw malformed(`its head announces ${head.data.changes} changes and ${lines.length - 1} came`);
  const texts: ResourceText[] = [];
  const others: Change[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line[0] === OPEN_BRACKET) {
      const tab = line.indexOf(TAB);
      if (tab < 0) throw malformed(`line ${i + 1} has a key and no resource`);
      const key = parseJson(line.subarray(0, tab), `the key on line ${i + 1}`);
      const problem = resourceKeyProblem(key);
      if (problem) throw malformed(`the key on line ${i + 1}: ${problem}`);
      texts.push({ key: key as ResourceKey, json: line.subarray(tab + 1) });
    } else {
      const change = changeSchema.safeParse(parseJson(line, `line ${i + 1}`));
      if (!change.success || change.data.type !== 'tombstone') throw malformed(`line ${i + 1} is neither a resource nor a tombstone`);
      others.push(change.data);
    }
  }
  return { head: head.data, texts, others };
}

/** The body's lines, each without its LF; the body must end with one. */
function splitLines(body: Buffer): Buffer[] {
  if (body.length === 0 || body[body.length - 1] !== LF) throw malformed('it does not end with a complete line');
  const lines: Buffer[] = [];
  for (let start = 0; start < body.length; ) {
    const end = body.indexOf(LF, start);
    lines.push(body.subarray(start, end));
    start = end + 1;
  }
  return lines;
}

function parseJson(bytes: Buffer | undefined, what: string): unknown {
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    throw malformed(`${what} is not JSON`);
  }
}

function malformed(why: string): SyncRequestError {
  return new SyncRequestError('busy', `Central's pull page could not be read: ${why}`);
}
