import type { AuditEvent } from '@medplum/fhirtypes';
import type { SqliteDatabase } from './open.js';

/** AuditEvents written here first, so an opening of a record is on record even while offline. */
export class LocalAuditRepository {
  private readonly insert;
  private readonly selectUndelivered;
  private readonly markOne;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare<[string, string, string]>('INSERT INTO audit_local (event_id, recorded, content) VALUES (?, ?, ?) ON CONFLICT (event_id) DO NOTHING');
    this.selectUndelivered = db.prepare<[number], { content: string }>('SELECT content FROM audit_local WHERE delivered = 0 ORDER BY id LIMIT ?');
    this.markOne = db.prepare<[string]>('UPDATE audit_local SET delivered = 1 WHERE event_id = ?');
  }

  record(event: AuditEvent): void {
    if (!event.id) throw new TypeError('A local AuditEvent needs its id (it is how Central recognises a resent event)');
    this.insert.run(event.id, event.recorded, JSON.stringify(event));
  }

  undelivered(limit = 100): AuditEvent[] {
    return this.selectUndelivered.all(limit).map((row) => JSON.parse(row.content) as AuditEvent);
  }

  markDelivered(eventIds: readonly string[]): void {
    this.db.transaction(() => {
      for (const id of eventIds) this.markOne.run(id);
    })();
  }
}
