import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable } from './database.js';

/**
 * PGlite is one connection. Statements of a transaction must not interleave with anyone else's,
 * so every query and every transaction takes the same lock.
 */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const db = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = tail.then(work, work);
    tail = result.catch(() => undefined);
    return result;
  };
  const run = async <Row>(sql: string, params?: readonly unknown[]) => {
    const result = await db.query<Row>(sql, params as unknown[] | undefined);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  };

  return {
    engine: 'pglite',
    query: (sql, params) => exclusive(() => run(sql, params)),
    transaction: (work) =>
      exclusive(async () => {
        const tx: Queryable = { query: (sql, params) => run(sql, params) };
        await db.exec('BEGIN');
        try {
          const result = await work(tx);
          await db.exec('COMMIT');
          return result;
        } catch (error) {
          await db.exec('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    runScript: (sql) => exclusive(async () => void (await db.exec(sql))),
    close: () => exclusive(() => db.close()),
  };
}
