import { PROTOCOL_VERSION } from '../../shared/sync/version.js';
import type { Queryable } from '../db/database.js';
import { encodePullCursor, type PullCursor } from './pull-cursor.js';
import { JSON_LAYOUT_RESOURCE_SQL, ROWS_LAYOUT_RESOURCE_SQL, type PageChange, type PageLayout, type PullPage } from './pull-page.js';

/**
 * A scope round: everything that entered a client's scope between two generations, sent whole
 * (a patient with their entire record), in pages ordered by (member type, member id, resource
 * type, resource id) so a cursor can say exactly where the next page starts.
 */
const ROUND_ROWS = `
  SELECT m.resource_type AS mt, m.id AS mid, r.resource_type AS rt, r.id AS rid, r.content
  FROM sync_scope_member m JOIN resource r ON r.patient_id = m.id
  WHERE m.client_id = $1 AND m.resource_type = 'Patient' AND m.left_gen IS NULL AND m.entered_gen > $2 AND m.entered_gen <= $3 AND NOT r.deleted
  UNION ALL
  SELECT m.resource_type, m.id, r.resource_type, r.id, r.content
  FROM sync_scope_member m JOIN resource r ON r.resource_type = m.resource_type AND r.id = m.id
  WHERE m.client_id = $1 AND m.resource_type <> 'Patient' AND m.left_gen IS NULL AND m.entered_gen > $2 AND m.entered_gen <= $3 AND NOT r.deleted`;

export async function countRound(q: Queryable, clientId: string, from: number, to: number): Promise<number> {
  const { rows } = await q.query<{ n: number | string }>(`SELECT count(*) AS n FROM (${ROUND_ROWS}) u`, [clientId, from, to]);
  return Number(rows[0]?.n ?? 0);
}

export async function roundPage(q: Queryable, clientId: string, cursor: PullCursor & { r: NonNullable<PullCursor['r']> }, limit: number, layout: PageLayout): Promise<PullPage> {
  const { r } = cursor;
  const changes: PageChange[] = [];
  const left: string[] = [];
  if (r.n === 0 && r.k[0] === '') {
    // Announced on the round's first page; a repeated first page announces them again, harmlessly.
    // Also what entered after the client's generation and left again: the client may hold it all
    // the same (a patient it registered itself, whose round's page it never received), and
    // forgetting what is not held costs nothing.
    const gone = await q.query<{ resource_type: string; id: string; held: boolean }>(
      `SELECT m.resource_type, m.id, EXISTS (SELECT 1 FROM resource x JOIN sync_scope_member p ON p.client_id = m.client_id AND p.resource_type = 'Patient' AND p.id = x.patient_id AND p.left_gen IS NULL
                                             WHERE x.resource_type = m.resource_type AND x.id = m.id) AS held
       FROM sync_scope_member m WHERE m.client_id = $1 AND m.left_gen > $2 AND m.left_gen <= $3`,
      [clientId, cursor.g, r.t],
    );
    for (const row of gone.rows) {
      if (row.resource_type === 'Patient') left.push(row.id);
      else if (!row.held) changes.push({ type: 'tombstone', resourceType: row.resource_type, id: row.id });
    }
  }
  const { written, count, last, patients } = await roundRows(q, clientId, cursor.g, r.t, r.k, limit, layout);
  changes.push(...written);
  const entered = new Set(patients.filter((id) => !(r.k[0] === 'Patient' && r.k[1] === id)));
  const done = count < limit; // roundRows fills a page unless the round has nothing more
  const served = r.n + count;
  const next: PullCursor = done ? { v: 1, f: cursor.f, g: r.t } : { ...cursor, r: { ...r, k: last!, n: served } };
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


const FIRST_BATCH = 64;

/** A round's position: (member type, member id, resource type, resource id). */
type RoundKey = [string, string, string, string];

/** A run of a round's rows, written out by PostgreSQL in the page's layout. */
interface RoundRows {
  written: Extract<PageChange, { type: 'written' }>[];
  count: number;
  /** The key of the last row, undefined when there is none. */
  last: RoundKey | undefined;
  /** The Patients (members) whose records the rows belong to. */
  patients: string[];
}

const MEMBERS = (from: '>=' | '>') => `
  SELECT resource_type, id FROM sync_scope_member
  WHERE client_id = $1 AND left_gen IS NULL AND entered_gen > $2 AND entered_gen <= $3 AND (resource_type, id) ${from} ($4, $5)
  ORDER BY resource_type, id LIMIT $6`;

/**
 * The next rows of a batch of members after a key, each written out as the page's layout writes a
 * resource, all in one text: PostgreSQL turns each resource into text anyway, and handing Central
 * one string per page instead of eight fields per row took most of Central's own work per page.
 * The text follows the rows' order as PostgreSQL aggregates them; nothing depends on it (a page's
 * changes are applied by version), so no second sort is asked for.
 */
const MEMBER_ROWS = (layout: PageLayout) => `
  SELECT count(*)::int AS n,
    coalesce(string_agg(${layout === 'rows' ? ROWS_LAYOUT_RESOURCE_SQL : JSON_LAYOUT_RESOURCE_SQL}, ','), '') AS text,
    max(ARRAY[mt, mid, rt, rid]) AS last,
    coalesce(array_agg(DISTINCT mid) FILTER (WHERE mt = 'Patient'), '{}') AS patients
  FROM (
    SELECT * FROM (
      SELECT 'Patient' AS mt, r.patient_id AS mid, r.resource_type AS rt, r.id AS rid, r.version_id AS v, r.content->'meta'->>'lastUpdated' AS lu, r.patient_id AS pid, r.content
      FROM resource r WHERE r.patient_id = ANY($1::text[]) AND NOT r.deleted
      UNION ALL
      SELECT r.resource_type, r.id, r.resource_type, r.id, r.version_id, r.content->'meta'->>'lastUpdated', r.patient_id, r.content
      FROM resource r JOIN unnest($2::text[], $3::text[]) AS k(t, i) ON r.resource_type = k.t AND r.id = k.i WHERE NOT r.deleted
    ) u WHERE (mt, mid, rt, rid) > ($4, $5, $6, $7) ORDER BY mt, mid, rt, rid LIMIT $8
  ) page`;

/**
 * The next `limit` rows of the round after `key`, a batch of members at a time: each page costs
 * what its own members cost, however large the round (sorting the whole remaining round for every
 * page made a first download of 500,000 resources quadratic).
 */
async function roundRows(q: Queryable, clientId: string, from: number, to: number, key: RoundKey, limit: number, layout: PageLayout): Promise<RoundRows> {
  const rows: RoundRows = { written: [], count: 0, last: undefined, patients: [] };
  // The member the cursor stands in may have more rows; later batches start after their last member.
  let after: { op: '>=' | '>'; type: string; id: string; key: readonly string[] } = { op: '>=', type: key[0], id: key[1], key };
  // Members per batch, guessed from the rows per member seen so far: enough to fill the page
  // without reading (and sorting) the records of many more members than it can hold.
  let batch = Math.min(limit, FIRST_BATCH);
  let membersSeen = 0;
  for (;;) {
    const { rows: members } = await q.query<{ resource_type: string; id: string }>(MEMBERS(after.op), [clientId, from, to, after.type, after.id, batch]);
    if (members.length === 0) return rows;
    const patients = members.filter((m) => m.resource_type === 'Patient').map((m) => m.id);
    const others = members.filter((m) => m.resource_type !== 'Patient');
    const { rows: found } = await q.query<{ n: number; text: string; last: RoundKey | null; patients: string[] }>(MEMBER_ROWS(layout), [
      patients,
      others.map((m) => m.resource_type),
      others.map((m) => m.id),
      ...after.key,
      limit - rows.count,
    ]);
    const run = found[0]!;
    if (run.n > 0) {
      rows.written.push({ type: 'written', text: run.text, resources: run.n });
      rows.count += run.n;
      rows.last = run.last!;
      rows.patients.push(...run.patients);
    }
    membersSeen += members.length;
    if (rows.count >= limit || members.length < batch) return rows;
    const last = members.at(-1)!;
    after = { op: '>', type: last.resource_type, id: last.id, key: [last.resource_type, last.id, '', ''] };
    const perMember = Math.max(rows.count / membersSeen, 1);
    batch = Math.min(limit, Math.max(FIRST_BATCH, Math.ceil(((limit - rows.count) / perMember) * 1.25)));
  }
}
