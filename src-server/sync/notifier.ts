import type { Database } from '../db/database.js';

type Listener = () => void;

interface Subscriber {
  clientId: string;
  organizationId: string;
  listener: Listener;
}

/** How often the change log is looked at for writes that did not come through a push. */
const POLL_MS = 500;

/**
 * Tells connected workstations that there is something new for them (never what): the ones of the
 * pushing client's clinic right after a push, and, by watching the change log, every client whose
 * scope holds a changed patient or resource, whoever wrote it (FHIR REST, institutions, another
 * Central process). Workstations then pull; the notice itself carries no data.
 */
export class SyncNotifier {
  private readonly subscribers = new Set<Subscriber>();
  private timer: NodeJS.Timeout | undefined;
  /** Where the log was last read up to, in commit order (see fhir/changes.ts): `[tx, seq]`. */
  private position: [string, number] | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly db: Database) {}

  /**
   * Starts telling `listener` about changes. Resolves once the log's position is known, so that
   * every change committed from then on is noticed: whoever subscribes, then pulls, misses nothing.
   */
  async subscribe(clientId: string, organizationId: string, listener: Listener): Promise<() => void> {
    const subscriber = { clientId, organizationId, listener };
    this.subscribers.add(subscriber);
    if (!this.timer) this.timer = setInterval(() => void this.poll(), POLL_MS);
    if (!this.position) await this.poll();
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
        this.position = undefined;
      }
    };
  }

  /** After a push from `clientId` committed: its clinic's other workstations should pull. */
  pushed(clientId: string, organizationId: string): void {
    for (const s of this.subscribers) if (s.organizationId === organizationId && s.clientId !== clientId) s.listener();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.subscribers.clear();
  }

  /** One look at the log at a time; a caller arriving meanwhile waits for the one under way. */
  private poll(): Promise<void> {
    this.running ??= this.look().finally(() => (this.running = undefined));
    return this.running;
  }

  private async look(): Promise<void> {
    try {
      // Only transactions older than the oldest one still running: one that commits late with a
      // smaller id is read when it commits, not skipped (the pull feed reads the same way).
      const { rows } = await this.db.query<{ tx: string; seq: number | string }>(
        `SELECT tx::text AS tx, seq FROM change_log WHERE tx < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY tx DESC, seq DESC LIMIT 1`,
      );
      const head: [string, number] = rows[0] ? [rows[0].tx, Number(rows[0].seq)] : ['0', 0];
      if (this.position && (head[0] !== this.position[0] || head[1] !== this.position[1])) {
        const affected = await this.db.query<{ client_id: string }>(
          `SELECT DISTINCT m.client_id FROM change_log c JOIN sync_scope_member m
             ON m.left_gen IS NULL AND ((m.resource_type = 'Patient' AND m.id = c.patient_id) OR (m.resource_type = c.resource_type AND m.id = c.id))
           WHERE (c.tx, c.seq) > ($1::xid8, $2::bigint) AND (c.tx, c.seq) <= ($3::xid8, $4::bigint)`,
          [...this.position, ...head],
        );
        const clients = new Set(affected.rows.map((row) => row.client_id));
        for (const s of this.subscribers) if (clients.has(s.clientId)) s.listener();
      }
      this.position = head;
    } catch {
      // The database is away; the next tick tries again and workstations still pull on a timer.
    }
  }
}

const notifiers = new WeakMap<Database, SyncNotifier>();

export function notifierFor(db: Database): SyncNotifier {
  let notifier = notifiers.get(db);
  if (!notifier) {
    notifier = new SyncNotifier(db);
    notifiers.set(db, notifier);
  }
  return notifier;
}
