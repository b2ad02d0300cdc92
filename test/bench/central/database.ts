import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Where the benchmark stores: a scratch PostgreSQL database on the server DATABASE_URL names (created
 * here, dropped afterwards, so a real database is never touched), or embedded PGlite in memory.
 */
export interface BenchDatabase {
  /** undefined: PGlite. */
  url: string | undefined;
  describe: string;
  drop(): Promise<void>;
}

export async function scratchDatabase(adminUrl: string | undefined): Promise<BenchDatabase> {
  if (!adminUrl) return { url: undefined, describe: 'PGlite (embedded, in memory)', drop: async () => undefined };
  const name = `medkarta_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const version = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    describe: `PostgreSQL ${version}, scratch database ${name}`,
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
