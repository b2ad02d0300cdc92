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
  private lastSeq: number | undefined;
  private polling = false;

  constructor(private readonly db: Database) {}

  subscribe(clientId: string, organizationId: string, listener: Listener): () => void {
    const subscriber = { clientId, organizationId, listener };
    this.subscribers.add(subscriber);
    if (!this.timer) this.timer = setInterval(() => void this.poll(), POLL_MS);
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
        this.lastSeq = undefined;
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

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const { rows } = await this.db.query<{ seq: number | string | null }>(`SELECT max(seq) AS seq FROM change_log`);
      const seq = Number(rows[0]?.seq ?? 0);
      if (this.lastSeq !== undefined && seq > this.lastSeq) {
        const affected = await this.db.query<{ client_id: string }>(
          `SELECT DISTINCT m.client_id FROM change_log c JOIN sync_scope_member m
             ON m.left_gen IS NULL AND ((m.resource_type = 'Patient' AND m.id = c.patient_id) OR (m.resource_type = c.resource_type AND m.id = c.id))
           WHERE c.seq > $1 AND c.seq <= $2`,
          [this.lastSeq, seq],
        );
        const clients = new Set(affected.rows.map((row) => row.client_id));
        for (const s of this.subscribers) if (clients.has(s.clientId)) s.listener();
      }
      this.lastSeq = seq;
    } catch {
      // The database is away; the next tick tries again and workstations still pull on a timer.
    } finally {
      this.polling = false;
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
