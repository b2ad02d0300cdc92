import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/central.js';
import type { Database } from './database.js';
import { migrate, splitStatements } from './migrate.js';

describe('migrations', () => {
  let testDb: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await testDb.open();
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  it('creates the store and applies nothing twice', async () => {
    const tables = await db.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
    expect(tables.rows.map((r) => r.tablename)).toEqual(expect.arrayContaining(['resource', 'resource_history', 'change_log']));
    expect(await migrate(db)).toEqual([]);
  });

  it('rolls a failed transaction back', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO patient_personal_number VALUES ('x', 'y')`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await db.query(`SELECT * FROM patient_personal_number`)).rows).toEqual([]);
  });
});

describe('splitStatements', () => {
  it('keeps dollar-quoted bodies whole', () => {
    const sql = `CREATE TABLE a (x int);\n-- note;\nCREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  RETURN NULL;\nEND;\n$$ LANGUAGE plpgsql;\n`;
    expect(splitStatements(sql)).toHaveLength(2);
  });
});
