import type { SqliteDatabase } from './open.js';

export type OutboxStatus = 'pending' | 'applied' | 'rejected';

export interface OutboxMutation {
  mutationId: number;
  kind: string;
  args: unknown;
  baseVersion: number | null;
  createdAt: string;
  status: OutboxStatus;
  /** Who made the change (the protocol's `author`), when known. */
  author: MutationAuthor | null;
}

export interface MutationAuthor {
  userId: string;
  practitionerId?: string;
  display?: string;
}

interface Row {
  mutation_id: number;
  kind: string;
  args: string;
  base_version: number | null;
  created_at: string;
  status: OutboxStatus;
  author: string | null;
}

/** Local changes in the order they were made, each with a mutation id that only ever grows. */
export class OutboxRepository {
  private readonly insert;
  private readonly selectPending;
  private readonly updateStatus;
  private readonly countPending;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare<[string, string, number | null, string, string | null], { mutation_id: number }>(
      'INSERT INTO outbox (kind, args, base_version, created_at, author) VALUES (?, ?, ?, ?, ?) RETURNING mutation_id',
    );
    this.selectPending = db.prepare<[number], Row>("SELECT * FROM outbox WHERE status = 'pending' ORDER BY mutation_id LIMIT ?");
    this.updateStatus = db.prepare<[OutboxStatus, number]>('UPDATE outbox SET status = ? WHERE mutation_id = ?');
    this.countPending = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM outbox WHERE status = 'pending'");
  }

  /** Queues a mutation; call inside the transaction that made the local change so both or neither exist. */
  enqueue(kind: string, args: unknown, baseVersion: number | null = null, now = new Date(), author: MutationAuthor | null = null): number {
    return this.insert.get(kind, JSON.stringify(args), baseVersion, now.toISOString(), author ? JSON.stringify(author) : null)!.mutation_id;
  }

  pending(limit = 100): OutboxMutation[] {
    return this.selectPending.all(limit).map(fromRow);
  }

  pendingCount(): number {
    return this.countPending.get()!.n;
  }

  markStatus(mutationIds: readonly number[], status: OutboxStatus): void {
    this.db.transaction(() => {
      for (const id of mutationIds) this.updateStatus.run(status, id);
    })();
  }
}

function fromRow(row: Row): OutboxMutation {
  return {
    mutationId: row.mutation_id,
    kind: row.kind,
    args: JSON.parse(row.args) as unknown,
    baseVersion: row.base_version,
    createdAt: row.created_at,
    status: row.status,
    author: row.author === null ? null : (JSON.parse(row.author) as MutationAuthor),
  };
}
