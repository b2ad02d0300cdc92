import type { Change, PullResponse } from '../../shared/sync/protocol.js';
import { KEY_END, LINE_END, type PullLinesHead, type ResourceKey } from '../../shared/sync/pull-lines.js';

/**
 * A pull page as Central builds it: resources stay the JSON text the database gave, and are
 * spliced into the answer as they are. Parsing 2,000 resources into objects only to turn them back
 * into text cost more than reading them (a first download is mostly this).
 */
export type PageChange = Extract<Change, { type: 'tombstone' }> | { type: 'resource'; json: string; key: ResourceKey };
export type PullPage = Omit<PullResponse, 'changes'> & { changes: PageChange[] };

/** The page as the protocol's JSON (pullResponseSchema), resources spliced in unparsed. */
export function serializePullPage(page: PullPage): string {
  const changes = page.changes.map((change) => (change.type === 'resource' ? `{"type":"resource","resource":${change.json}}` : JSON.stringify(change)));
  const { changes: _changes, ...rest } = page;
  return `{"changes":[${changes.join(',')}],${JSON.stringify(rest).slice(1)}`;
}

/** The page in the 'lines' layout (shared/sync/pull-lines.ts), resources spliced in unparsed after their keys. */
export function serializePullPageLines(page: PullPage): string {
  const { changes, ...rest } = page;
  const head: PullLinesHead = { ...rest, changes: changes.length };
  let text = JSON.stringify(head) + LINE_END;
  for (const change of changes) {
    text += change.type === 'resource' ? JSON.stringify(change.key) + KEY_END + change.json + LINE_END : JSON.stringify(change) + LINE_END;
  }
  return text;
}
