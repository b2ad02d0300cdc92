import type { OperationOutcome } from '@medplum/fhirtypes';
import type { SqliteDatabase } from './open.js';

export interface InboxItem {
  id: number;
  mutationId: number;
  kind: 'rejected' | 'conflict';
  outcome: OperationOutcome;
  /** What this workstation tried to write. */
  local: unknown;
  /** Central's current version, for a conflict. */
  server: unknown;
  createdAt: string;
  resolvedAt: string | null;
  resolution: string | null;
}

interface Row {
  id: number;
  mutation_id: number;
  kind: 'rejected' | 'conflict';
  outcome: string;
  local: string | null;
  server: string | null;
  created_at: string;
  resolved_at: string | null;
  resolution: string | null;
}

/** Refusals and conflicts, kept until a person resolves them. One per mutation: a repeated answer is ignored. */
export class InboxRepository {
  private readonly insert;
  private readonly selectOpen;
  private readonly selectOne;
  private readonly countOpen;
  private readonly resolveOne;

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare<unknown[]>(
      'INSERT INTO inbox (mutation_id, kind, outcome, local, server, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (mutation_id) DO NOTHING',
    );
    this.selectOpen = db.prepare<[], Row>('SELECT * FROM inbox WHERE resolved_at IS NULL ORDER BY created_at, id');
    this.selectOne = db.prepare<[number], Row>('SELECT * FROM inbox WHERE id = ?');
    this.countOpen = db.prepare<[], { kind: 'rejected' | 'conflict'; n: number }>('SELECT kind, count(*) AS n FROM inbox WHERE resolved_at IS NULL GROUP BY kind');
    this.resolveOne = db.prepare<[string, string, number]>('UPDATE inbox SET resolved_at = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL');
  }

  add(item: { mutationId: number; kind: 'rejected' | 'conflict'; outcome: OperationOutcome; local?: unknown; server?: unknown }, now = new Date()): void {
    const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
    this.insert.run(item.mutationId, item.kind, JSON.stringify(item.outcome), json(item.local), json(item.server), now.toISOString());
  }

  open(): InboxItem[] {
    return this.selectOpen.all().map(fromRow);
  }

  get(id: number): InboxItem | null {
    const row = this.selectOne.get(id);
    return row ? fromRow(row) : null;
  }

  /** Open items by kind, for the status line. */
  openCounts(): { rejected: number; conflict: number } {
    const counts = { rejected: 0, conflict: 0 };
    for (const row of this.countOpen.all()) counts[row.kind] = row.n;
    return counts;
  }

  /** Returns false if the item was already resolved (two people clicking at once). */
  resolve(id: number, resolution: string, now = new Date()): boolean {
    return this.resolveOne.run(now.toISOString(), resolution, id).changes === 1;
  }
}

function fromRow(row: Row): InboxItem {
  return {
    id: row.id,
    mutationId: row.mutation_id,
    kind: row.kind,
    outcome: JSON.parse(row.outcome) as OperationOutcome,
    local: row.local === null ? null : (JSON.parse(row.local) as unknown),
    server: row.server === null ? null : (JSON.parse(row.server) as unknown),
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    resolution: row.resolution,
  };
}
