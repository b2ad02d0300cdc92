import type { Change, PullRequest, PullResponse } from '../../shared/sync/protocol.js';
import { LINE_END, type PullRowsHead, type ResourceKey } from '../../shared/sync/pull-rows.js';

/** How a page is written: the JSON layout (pullResponseSchema) or the rows layout (shared/sync/pull-rows.ts). */
export type PageLayout = NonNullable<PullRequest['layout']>;

/**
 * A pull page as Central builds it: resources stay the JSON text the database gave, and are
 * spliced into the answer as they are. Parsing 2,000 resources into objects only to turn them back
 * into text cost more than reading them (a first download is mostly this). A round's resources
 * come as `written`: non-empty runs of them that PostgreSQL already wrote out in the page's layout
 * (see pull-round.ts), each resource as the layout writes one, separated by commas.
 */
export type PageChange =
  | Extract<Change, { type: 'tombstone' }>
  | { type: 'resource'; json: string; key: ResourceKey }
  | { type: 'written'; text: string; resources: number };
export type PullPage = Omit<PullResponse, 'changes'> & { changes: PageChange[] };

/** What the JSON layout writes before a resource's JSON (and `}` after it), here and in SQL for `written` runs. */
const JSON_LAYOUT_RESOURCE_START = '{"type":"resource","resource":';

/** One resource as the JSON layout writes it, in SQL, from its `content` column. */
export const JSON_LAYOUT_RESOURCE_SQL = `'${JSON_LAYOUT_RESOURCE_START}' || content::text || '}'`;
/** One resource as the rows layout writes it (ResourceRow), in SQL, from the round's columns (pull-round.ts). */
export const ROWS_LAYOUT_RESOURCE_SQL = 'json_build_array(rt, rid, v, lu, pid, content)::text';

/** The page as the protocol's JSON (pullResponseSchema), resources spliced in unparsed. */
export function serializePullPage(page: PullPage): Buffer {
  const changes = page.changes.map((change) => {
    if (change.type === 'written') return change.text;
    return change.type === 'resource' ? `${JSON_LAYOUT_RESOURCE_START}${change.json}}` : JSON.stringify(change);
  });
  const { changes: _changes, ...rest } = page;
  return Buffer.from(`{"changes":[${changes.join(',')}],${JSON.stringify(rest).slice(1)}`, 'utf8');
}

/** The page in the 'rows' layout (shared/sync/pull-rows.ts): the head, then the resources as one array, each spliced in unparsed after its key. */
export function serializePullPageRows(page: PullPage): Buffer {
  const { changes, ...rest } = page;
  const rows: string[] = [];
  const tombstones: PullRowsHead['changes'] = [];
  let resources = 0;
  for (const change of changes) {
    if (change.type === 'tombstone') {
      tombstones.push(change);
      continue;
    }
    if (change.type === 'resource') {
      rows.push(`${JSON.stringify(change.key).slice(0, -1)},${change.json}]`);
      resources++;
    } else {
      rows.push(change.text);
      resources += change.resources;
    }
  }
  const head: PullRowsHead = { ...rest, changes: tombstones, resources };
  return Buffer.from(`${JSON.stringify(head)}${LINE_END}[${rows.join(',')}]${LINE_END}`, 'utf8');
}
