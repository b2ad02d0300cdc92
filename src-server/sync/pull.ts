import type { Resource } from '@medplum/fhirtypes';
import type { Change, PullRequest, PullResponse } from '../../shared/sync/protocol.js';
import { PROTOCOL_VERSION } from '../../shared/sync/version.js';
import type { Database, Queryable } from '../db/database.js';
import { encodeCursor, readChanges } from '../fhir/changes.js';
import { lockClient } from './clients.js';
import { decodePullCursor, encodePullCursor, type PullCursor } from './pull-cursor.js';
import { refreshScope } from './scope.js';

/**
 * One page of what a workstation should receive. First any scope round (what entered the scope
 * since the client's generation arrives whole, what left is announced), then the change feed
 * filtered to the scope. A new client starts at the feed's head and gets the present state through
 * its first round: reading the national log from the beginning would be pointless.
 */
export async function pullPage(db: Database, clientId: string, organizationId: string, request: PullRequest, now: Date): Promise<PullResponse> {
  const { cursor, generation } = await db.transaction(async (tx) => {
    const start = request.cursor ? decodePullCursor(request.cursor) : { v: 1 as const, f: await feedHead(tx), g: 0 };
    const client = await lockClient(tx, clientId, organizationId, now);
    // A round under way finishes the generation it started with: recomputing the scope for every
    // page of a long first download would cost more than the page. What changed meanwhile comes
    // in the next round.
    const current = start.r ? client.scopeGeneration : await refreshScope(tx, clientId, organizationId, client.scopeGeneration, now);
    await tx.query(`UPDATE sync_client SET last_pull_at = $2 WHERE client_id = $1`, [clientId, now.toISOString()]);
    return { cursor: start, generation: current };
  });
  if (!cursor.r && generation > cursor.g) {
    cursor.r = { t: generation, k: ['', '', '', ''], n: 0, total: await countRound(db, clientId, cursor.g, generation) };
  }
  return cursor.r ? roundPage(db, clientId, cursor as PullCursor & { r: NonNullable<PullCursor['r']> }, request.limit) : feedPage(db, clientId, cursor, request.limit);
}

/** A position in the feed before every change not yet visible: nothing from now on is skipped. */
async function feedHead(q: Queryable): Promise<string> {
  const { rows } = await q.query<{ head: string }>(`SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::numeric - 1)::text AS head`);
  return encodeCursor(rows[0]!.head, 999_999_999_999_999);
}

const ROUND_ROWS = `
  SELECT m.resource_type AS mt, m.id AS mid, r.resource_type AS rt, r.id AS rid, r.content
  FROM sync_scope_member m JOIN resource r ON r.patient_id = m.id
  WHERE m.client_id = $1 AND m.resource_type = 'Patient' AND m.left_gen IS NULL AND m.entered_gen > $2 AND m.entered_gen <= $3 AND NOT r.deleted
  UNION ALL
  SELECT m.resource_type, m.id, r.resource_type, r.id, r.content
  FROM sync_scope_member m JOIN resource r ON r.resource_type = m.resource_type AND r.id = m.id
  WHERE m.client_id = $1 AND m.resource_type <> 'Patient' AND m.left_gen IS NULL AND m.entered_gen > $2 AND m.entered_gen <= $3 AND NOT r.deleted`;

async function countRound(q: Queryable, clientId: string, from: number, to: number): Promise<number> {
  const { rows } = await q.query<{ n: number | string }>(`SELECT count(*) AS n FROM (${ROUND_ROWS}) u`, [clientId, from, to]);
  return Number(rows[0]?.n ?? 0);
}

async function roundPage(q: Queryable, clientId: string, cursor: PullCursor & { r: NonNullable<PullCursor['r']> }, limit: number): Promise<PullResponse> {
  const { r } = cursor;
  const changes: Change[] = [];
  const left: string[] = [];
  if (r.n === 0 && r.k[0] === '') {
    // Announced on the round's first page; a repeated first page announces them again, harmlessly.
    const gone = await q.query<{ resource_type: string; id: string; held: boolean }>(
      `SELECT m.resource_type, m.id, EXISTS (SELECT 1 FROM resource x JOIN sync_scope_member p ON p.client_id = m.client_id AND p.resource_type = 'Patient' AND p.id = x.patient_id AND p.left_gen IS NULL
                                             WHERE x.resource_type = m.resource_type AND x.id = m.id) AS held
       FROM sync_scope_member m WHERE m.client_id = $1 AND m.left_gen > $2 AND m.left_gen <= $3 AND m.entered_gen <= $2`,
      [clientId, cursor.g, r.t],
    );
    for (const row of gone.rows) {
      if (row.resource_type === 'Patient') left.push(row.id);
      else if (!row.held) changes.push({ type: 'tombstone', resourceType: row.resource_type, id: row.id });
    }
  }
  const { rows } = await q.query<{ mt: string; mid: string; rt: string; rid: string; content: Resource | string }>(
    `SELECT * FROM (${ROUND_ROWS}) u WHERE (mt, mid, rt, rid) > ($4, $5, $6, $7) ORDER BY mt, mid, rt, rid LIMIT $8`,
    [clientId, cursor.g, r.t, ...r.k, limit],
  );
  const entered = new Set<string>();
  for (const row of rows) {
    changes.push({ type: 'resource', resource: parse(row.content) });
    if (row.mt === 'Patient' && !(r.k[0] === 'Patient' && r.k[1] === row.mid)) entered.add(row.mid);
  }
  const last = rows.at(-1);
  const done = rows.length < limit;
  const served = r.n + rows.length;
  const next: PullCursor = done ? { v: 1, f: cursor.f, g: r.t } : { ...cursor, r: { ...r, k: [last!.mt, last!.mid, last!.rt, last!.rid], n: served } };
  return {
    protocolVersion: PROTOCOL_VERSION,
    changes,
    cursor: encodePullCursor(next),
    // After a round the feed follows; the client asks again and finds out whether it has anything.
    hasMore: true,
    scopeChanges: { entered: [...entered], left },
    remaining: Math.max(r.total - served, 0),
  };
}

async function feedPage(q: Queryable, clientId: string, cursor: PullCursor, limit: number): Promise<PullResponse> {
  const page = await readChanges(q, cursor.f, limit, { withoutResources: true });
  const changes: Change[] = [];
  if (page.changes.length > 0) {
    const inScope = await membersAmong(q, clientId, page.changes);
    const wanted = page.changes.filter((c) => (c.patientId !== undefined && inScope.has(`Patient/${c.patientId}`)) || inScope.has(`${c.resourceType}/${c.id}`));
    const contents = await versionsOf(q, wanted.filter((c) => !c.deleted));
    for (const change of wanted) {
      if (change.deleted) {
        changes.push({ type: 'tombstone', resourceType: change.resourceType, id: change.id, versionId: Number(change.versionId) });
      } else {
        const resource = contents.get(`${change.resourceType}/${change.id}/${change.versionId}`);
        if (resource) changes.push({ type: 'resource', resource: resource as Resource & { id: string } });
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

async function versionsOf(q: Queryable, changes: readonly { resourceType: string; id: string; versionId: string }[]): Promise<Map<string, Resource>> {
  const found = new Map<string, Resource>();
  if (changes.length === 0) return found;
  const { rows } = await q.query<{ resource_type: string; id: string; version_id: number; content: Resource | string }>(
    `SELECT h.resource_type, h.id, h.version_id, h.content FROM resource_history h
     JOIN unnest($1::text[], $2::text[], $3::int[]) AS k(resource_type, id, version_id) USING (resource_type, id, version_id)`,
    [changes.map((c) => c.resourceType), changes.map((c) => c.id), changes.map((c) => Number(c.versionId))],
  );
  for (const row of rows) found.set(`${row.resource_type}/${row.id}/${row.version_id}`, parse(row.content));
  return found;
}

function parse(content: Resource | string): Resource & { id: string } {
  return (typeof content === 'string' ? JSON.parse(content) : content) as Resource & { id: string };
}
