import pg from 'pg';
import type { Database, Queryable, QueryResult } from './database.js';
import { preparedName } from './prepared.js';
import { isRetryableTransactionError } from './retry.js';

// int8 and numeric come back as strings by default; our counters fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

const MAX_TRANSACTION_ATTEMPTS = 5;

export function openPostgres(connectionString: string, poolSize = 10): Database {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => undefined);

  const run = async <Row>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) => {
    const name = preparedName(sql);
    const values = params as unknown[] | undefined;
    const result = await (name ? client.query({ name, text: sql, values }) : client.query(sql, values));
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 } satisfies QueryResult<Row>;
  };

  return {
    engine: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    async transaction(work) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        const tx: Queryable = { query: (sql, params) => run(client, sql, params) };
        try {
          await client.query('BEGIN');
          const result = await work(tx);
          await client.query('COMMIT');
          client.release();
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          client.release();
          if (attempt < MAX_TRANSACTION_ATTEMPTS && isRetryableTransactionError(error)) continue;
          throw error;
        }
      }
    },
    async runScript(sql) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
