import type { Change, PullResponse } from '../../shared/sync/protocol.js';

/**
 * A pull page as Central builds it: resources stay the JSON text the database gave, and are
 * spliced into the answer as they are. Parsing 2,000 resources into objects only to turn them back
 * into text cost more than reading them (a first download is mostly this).
 */
export type PageChange = Extract<Change, { type: 'tombstone' }> | { type: 'resource'; json: string };
export type PullPage = Omit<PullResponse, 'changes'> & { changes: PageChange[] };

/** The page as the protocol's JSON (pullResponseSchema), resources spliced in unparsed. */
export function serializePullPage(page: PullPage): string {
  const changes = page.changes.map((change) => (change.type === 'resource' ? `{"type":"resource","resource":${change.json}}` : JSON.stringify(change)));
  const { changes: _changes, ...rest } = page;
  return `{"changes":[${changes.join(',')}],${JSON.stringify(rest).slice(1)}`;
}
