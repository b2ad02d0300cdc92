import type { SqliteDatabase } from './open.js';

/**
 * Which resources have local changes Central has not confirmed yet ("Type/id"), read from the
 * outbox: the chart marks them as not yet synchronised.
 */
export class PendingResources {
  private readonly select;

  constructor(db: SqliteDatabase) {
    this.select = db.prepare<[], { key: string }>(
      `SELECT DISTINCT json_extract(args, '$.resource.resourceType') || '/' || json_extract(args, '$.resource.id') AS key
         FROM outbox WHERE status = 'pending' AND kind IN ('create', 'update') AND json_extract(args, '$.resource.id') IS NOT NULL`,
    );
  }

  keys(): Set<string> {
    return new Set(this.select.all().map((row) => row.key));
  }
}
