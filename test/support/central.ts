import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { configFromEnvironment, type CentralConfig } from '../../src-server/config.js';
import type { Database } from '../../src-server/db/database.js';
import { openDatabase } from '../../src-server/db/open.js';
import { startCentral, type RunningCentral } from '../../src-server/main.js';

/**
 * A database of its own for one test file: a fresh PostgreSQL database on the server named by
 * DATABASE_URL (dropped afterwards), or an in-memory PGlite. Test files therefore run in parallel
 * without seeing each other's rows.
 */
export interface TestDatabase {
  url: string | undefined;
  engine: 'postgres' | 'pglite';
  open(): Promise<Database>;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    return { url: undefined, engine: 'pglite', open: () => openDatabase({}), drop: async () => undefined };
  }
  const name = `medkarta_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    engine: 'postgres',
    open: () => openDatabase({ databaseUrl: url.toString() }),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface TestCentral extends RunningCentral {
  config: CentralConfig;
}

/** The small NSI file every test Central imports at start (the full one takes seconds). */
export const ICD10_SAMPLE_FILE = fileURLToPath(new URL('../fixtures/terminology/icd10-ru.nsi-sample.csv', import.meta.url));

/** Starts a real Central on a free port over a database of its own. */
export async function startTestCentral(overrides: Partial<CentralConfig> = {}): Promise<TestCentral> {
  const testDb = await createTestDatabase();
  const config: CentralConfig = {
    ...configFromEnvironment({}, []),
    port: 0,
    databaseUrl: testDb.url,
    icd10File: ICD10_SAMPLE_FILE,
    ...overrides,
  };
  // Document files of a test Central go to a folder of its own, removed with it.
  const ownDocumentDir = overrides.documentDir ? undefined : mkdtempSync(join(tmpdir(), 'medkarta-test-documents-'));
  if (ownDocumentDir) config.documentDir = ownDocumentDir;
  const central = await startCentral(config, { inMemory: true });
  return {
    ...central,
    config,
    async close() {
      await central.close();
      await testDb.drop();
      if (ownDocumentDir) rmSync(ownDocumentDir, { recursive: true, force: true });
    },
  };
}
