import type { PullRequest } from '../../shared/sync/protocol.js';
import { PROTOCOL_VERSION } from '../../shared/sync/version.js';
import type { Database, Queryable } from '../db/database.js';
import { encodeCursor, readChanges } from '../fhir/changes.js';
import { lockClient, noteRoundPull } from './clients.js';
import { decodePullCursor, encodePullCursor, type PullCursor } from './pull-cursor.js';
import type { PageChange, PullPage } from './pull-page.js';
import { countRound, roundPage } from './pull-round.js';
import { analyzeScopeMembers, ANALYZE_AFTER_ENTERED, refreshScope } from './scope.js';

/**
 * One page of what a workstation should receive. First any scope round (what entered the scope
 * since the client's generation arrives whole, what left is announced), then the change feed
 * filtered to the scope. A new client starts at the feed's head and gets the present state through
 * its first round: reading the national log from the beginning would be pointless. A round under
 * way finishes the generation it started with: recomputing the scope for every page of a long first
 * download would cost more than the page. What changed meanwhile comes in the next round.
 */
export async function pullPage(db: Database, clientId: string, organizationId: string, request: PullRequest, now: Date): Promise<PullPage> {
  const layout = request.layout ?? 'json';
  const asked = request.cursor ? decodePullCursor(request.cursor) : undefined;
  if (asked?.r) {
    await noteRoundPull(db, clientId, organizationId, now);
    return roundPage(db, clientId, asked as PullCursor & { r: NonNullable<PullCursor['r']> }, request.limit, layout);
  }
  const { cursor, generation, entered } = await db.transaction(async (tx) => {
    const start = asked ?? { v: 1 as const, f: await feedHead(tx), g: 0 };
    const client = await lockClient(tx, clientId, organizationId, now);
    const current = await refreshScope(tx, clientId, organizationId, client.scopeGeneration, now);
    await tx.query(`UPDATE sync_client SET last_pull_at = $2 WHERE client_id = $1`, [clientId, now.toISOString()]);
    return { cursor: start, ...current };
  });
  if (entered >= ANALYZE_AFTER_ENTERED) await analyzeScopeMembers(db);
  if (!cursor.r && generation > cursor.g) {
    cursor.r = { t: generation, k: ['', '', '', ''], n: 0, total: await countRound(db, clientId, cursor.g, generation) };
  }
  return cursor.r ? roundPage(db, clientId, cursor as PullCursor & { r: NonNullable<PullCursor['r']> }, request.limit, layout) : feedPage(db, clientId, cursor, request.limit);
}

/** A position in the feed before every change not yet visible: nothing from now on is skipped. */
async function feedHead(q: Queryable): Promise<string> {
  const { rows } = await q.query<{ head: string }>(`SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::numeric - 1)::text AS head`);
  return encodeCursor(rows[0]!.head, 999_999_999_999_999);
}

async function feedPage(q: Queryable, clientId: string, cursor: PullCursor, limit: number): Promise<PullPage> {
  const page = await readChanges(q, cursor.f, limit, { withoutResources: true });
  const changes: PageChange[] = [];
  if (page.changes.length > 0) {
    const inScope = await membersAmong(q, clientId, page.changes);
    const wanted = page.changes.filter((c) => (c.patientId !== undefined && inScope.has(`Patient/${c.patientId}`)) || inScope.has(`${c.resourceType}/${c.id}`));
    const contents = await versionsOf(q, wanted.filter((c) => !c.deleted));
    for (const change of wanted) {
      if (change.deleted) {
        changes.push({ type: 'tombstone', resourceType: change.resourceType, id: change.id, versionId: Number(change.versionId) });
      } else {
        const found = contents.get(`${change.resourceType}/${change.id}/${change.versionId}`);
        if (found) changes.push({ type: 'resource', json: found.json, key: [change.resourceType, change.id, Number(change.versionId), found.lastUpdated, change.patientId ?? null] });
      }
    }
  }
  return {
    protocolVersion: PROTOCOL_VERSION,
    changes,
    cursor: encodePullCursor({ v: 1, f: page.nextCursor, g: cursor.g }),
    hasMore: page.changes.length >= Math.min(limit, 1000),
    scopeChanges: { entered: [], left: [] },
  };
}

/** Which of these changes' patients and resources are members of the client's current scope. */
async function membersAmong(q: Queryable, clientId: string, changes: readonly { resourceType: string; id: string; patientId: string | undefined }[]): Promise<Set<string>> {
  const types: string[] = [];
  const ids: string[] = [];
  for (const change of changes) {
    types.push(change.resourceType);
    ids.push(change.id);
    if (change.patientId !== undefined) {
      types.push('Patient');
      ids.push(change.patientId);
    }
  }
  const { rows } = await q.query<{ resource_type: string; id: string }>(
    `SELECT m.resource_type, m.id FROM sync_scope_member m JOIN unnest($2::text[], $3::text[]) AS k(resource_type, id) USING (resource_type, id)
     WHERE m.client_id = $1 AND m.left_gen IS NULL`,
    [clientId, types, ids],
  );
  return new Set(rows.map((row) => `${row.resource_type}/${row.id}`));
}

async function versionsOf(q: Queryable, changes: readonly { resourceType: string; id: string; versionId: string }[]): Promise<Map<string, { json: string; lastUpdated: string | null }>> {
  const found = new Map<string, { json: string; lastUpdated: string | null }>();
  if (changes.length === 0) return found;
  const { rows } = await q.query<{ resource_type: string; id: string; version_id: number; last_updated: string | null; content: string }>(
    `SELECT h.resource_type, h.id, h.version_id, h.content->'meta'->>'lastUpdated' AS last_updated, h.content::text AS content FROM resource_history h
     JOIN unnest($1::text[], $2::text[], $3::int[]) AS k(resource_type, id, version_id) USING (resource_type, id, version_id)`,
    [changes.map((c) => c.resourceType), changes.map((c) => c.id), changes.map((c) => Number(c.versionId))],
  );
  for (const row of rows) found.set(`${row.resource_type}/${row.id}/${row.version_id}`, { json: row.content, lastUpdated: row.last_updated });
  return found;
}
