import type { Resource } from '@medplum/fhirtypes';
import { NEXT_CURSOR_HEADER, pullResponseSchema, type PullRequest, type PullResponse } from '../../shared/sync/protocol.js';
import { PULL_ROWS_CONTENT_TYPE } from '../../shared/sync/pull-rows.js';
import { PROTOCOL_VERSION } from '../../shared/sync/version.js';
import type { ResourceRows } from '../db/resource-rows.js';
import type { Tombstone } from '../db/resources.js';
import { PULL_PROGRESS } from '../db/sync-state.js';
import type { SyncContext } from './context.js';
import { postSyncWithHead, readBytes, readJson } from './http.js';
import { readPageRows } from './pull-rows.js';

export interface PulledPage {
  hasMore: boolean;
  changes: number;
  /** Patients whose records changed, or null when anything may have (directory, scope). */
  patientIds: string[] | null;
  /** A long download under way after this page: resources done of total, or null when none. */
  progress: { done: number; total: number } | null;
}

/** A page asked for: the cursor of the page after it as soon as Central's head names one, and the page. */
export interface RequestedPage {
  /** Resolves when the answer's head arrives: the next page's cursor, or null (none follows, an older Central, a failure). Never rejects. */
  nextCursor: Promise<string | null>;
  page: Promise<ReceivedPage>;
}

/**
 * A page as received in either layout: in JSON every change is in `changes`; in rows the
 * resources are in `rows`, as SQLite read them, and `changes` holds the rest (tombstones).
 */
export type ReceivedPage = PullResponse & { rows: ResourceRows | null };

/**
 * Asks Central for the page after `cursor` without applying it: the engine asks for the next page
 * while the current one is being read and written, and applies it only on top of that same cursor.
 */
export function requestPage(ctx: SyncContext, cursor: string | undefined): RequestedPage {
  const body: PullRequest = { protocolVersion: PROTOCOL_VERSION, clientId: ctx.clientId, limit: ctx.pullLimit, layout: 'rows', ...(cursor ? { cursor } : {}) };
  const { head, answer } = postSyncWithHead(ctx.http, '/sync/pull', body, (response) => readPage(ctx, response));
  return { nextCursor: head.then((headers) => headers?.get(NEXT_CURSOR_HEADER) || null), page: answer };
}

/** Reads the page in the layout Central answered with: rows when it knows them, JSON otherwise. */
async function readPage(ctx: SyncContext, response: Response): Promise<ReceivedPage> {
  if (response.headers.get('content-type')?.startsWith(PULL_ROWS_CONTENT_TYPE)) {
    const { head, rows } = readPageRows(await readBytes(response), (text) => ctx.store.resources.readRows(text));
    const { resources: _announced, ...page } = head;
    return { ...page, rows };
  }
  return { ...(await readJson(response, '/sync/pull', pullResponseSchema)), rows: null };
}

/**
 * Applies a page and its cursor in ONE SQLite transaction: patients who left the scope lose
 * their whole compartment, resources and deletions are written where newer than what is held,
 * scope exits of single resources are forgotten, and the download's progress moves on. After a
 * crash either all of it is there or none, and the same page is asked for again.
 */
export function applyPulledPage(ctx: SyncContext, page: ReceivedPage): PulledPage {
  const { store } = ctx;
  const resources: Resource[] = [];
  const tombstones: Tombstone[] = [];
  const departed: { resourceType: string; id: string }[] = [];
  for (const change of page.changes) {
    if (change.type === 'resource') resources.push(change.resource);
    else if (change.versionId !== undefined) tombstones.push({ resourceType: change.resourceType, id: change.id, versionId: change.versionId });
    else departed.push(change);
  }
  const { progress, changed } = store.transaction(() => {
    for (const patientId of page.scopeChanges.left) store.resources.removePatient(patientId);
    for (const gone of departed) store.resources.remove(gone.resourceType, gone.id);
    const { changed } = store.applyPage(resources, page.cursor, tombstones, page.rows ?? undefined);
    return { progress: advanceProgress(ctx, page), changed };
  });
  const anything = page.scopeChanges.left.length > 0 || departed.length > 0 || changed.unheld;
  return { hasMore: page.hasMore, changes: changesIn(page), patientIds: anything ? null : changed.patientIds, progress };
}

function changesIn(page: ReceivedPage): number {
  return page.changes.length + (page.rows?.count ?? 0);
}

/** Counts the download on, kept beside the cursor so an interrupted one resumes its count too. */
function advanceProgress(ctx: SyncContext, page: ReceivedPage): { done: number; total: number } | null {
  const { syncState } = ctx.store;
  if (page.remaining === undefined || page.remaining === 0) {
    syncState.delete(PULL_PROGRESS);
    return null;
  }
  const before = syncState.get(PULL_PROGRESS);
  const done = (before ? (JSON.parse(before) as { done: number }).done : 0) + changesIn(page);
  const progress = { done, total: done + page.remaining };
  syncState.set(PULL_PROGRESS, JSON.stringify(progress));
  return progress;
}
