/**
 * One small interface over the two engines Central runs on: node-postgres against a real server
 * (production, and tests when DATABASE_URL is set) and PGlite embedded in a data folder (a bare
 * machine, the default). Everything above this file writes plain PostgreSQL and never knows which
 * engine it is talking to.
 */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

/** Something that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
}

export interface Database extends Queryable {
  readonly engine: 'postgres' | 'pglite';
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws.
   * Serialization failures and deadlocks are retried a few times, so `work` must be safe to re-run.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (migrations). */
  runScript(sql: string): Promise<void>;
  close(): Promise<void>;
}
