import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, ICD10_SAMPLE_FILE, type TestDatabase } from '../../test/support/central.js';
import { importIcd10Command } from '../cli-import.js';
import { configFromEnvironment } from '../config.js';
import type { Database } from '../db/database.js';
import { openDatabase } from '../db/open.js';
import { countIcd10, ensureIcd10 } from './bootstrap.js';
import { importIcd10 } from './icd10-import.js';
import { searchIcd10 } from './icd10-search.js';

describe('ICD-10 import from the NSI file', () => {
  let testDb: TestDatabase;
  let db: Database;
  let sample: string;
  const title = async (code: string) => (await db.query<{ title: string; active: boolean }>(`SELECT title, active FROM icd10_code WHERE code = $1`, [code])).rows[0];

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await testDb.open();
    sample = await readFile(ICD10_SAMPLE_FILE, 'utf8');
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  it('imports an empty table at start, and leaves a filled one alone', async () => {
    const first = await ensureIcd10(db, ICD10_SAMPLE_FILE);
    expect(first.imported).toMatchObject({ rows: 56, inserted: 56, updated: 0 });
    expect(first.codes).toBe(56);
    const second = await ensureIcd10(db, ICD10_SAMPLE_FILE);
    expect(second).toEqual({ codes: 56 });
  });

  it('changes nothing when the same file comes again', async () => {
    expect(await importIcd10(db, sample)).toMatchObject({ rows: 56, inserted: 0, updated: 0, unchanged: 56, deactivated: 0 });
  });

  it('takes a newer file: changed titles are searchable by their new words, dropped codes stay but inactive', async () => {
    const newer = sample
      .replace('"Острый бронхит неуточненный"', '"Острый бронхит без уточнения возбудителя"')
      .split('\n')
      .filter((line) => !line.includes('"K14.1"'))
      .join('\n');
    // J20.9's title, and K14 which has no subcategory left and so became a leaf.
    expect(await importIcd10(db, newer)).toMatchObject({ rows: 55, inserted: 0, updated: 2, deactivated: 1 });
    expect((await db.query(`SELECT leaf FROM icd10_code WHERE code = 'K14'`)).rows[0]).toEqual({ leaf: true });
    expect(await title('J20.9')).toEqual({ title: 'Острый бронхит без уточнения возбудителя', active: true });
    expect((await searchIcd10(db, 'бронхит возбудителя')).map((e) => e.code)).toEqual(['J20.9']);
    expect(await title('K14.1')).toMatchObject({ active: false });
    expect((await searchIcd10(db, 'K14')).map((e) => e.code)).not.toContain('K14.1');
  });

  it('refuses a malformed file whole, naming the line, and writes nothing', async () => {
    const before = await countIcd10(db);
    const broken = `${sample.replace('"Острый бронхит без уточнения возбудителя"', '"Бронхит"')}\n999;"X";"NOT A CODE";"x";;;1;`;
    await expect(importIcd10(db, broken)).rejects.toThrow(/line \d+: MKB_CODE "NOT A CODE"/);
    expect(await countIcd10(db)).toBe(before);
    expect((await title('J20.9'))!.title).not.toBe('Бронхит');
  });

  it('is what `npm run server -- import-icd10 <file>` runs, against Central\'s own database', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medkarta-icd10-'));
    const commandDb = await createTestDatabase();
    try {
      const config = { ...configFromEnvironment({ MEDKARTA_DATA_DIR: dir }, []), databaseUrl: commandDb.url };
      const file = join(dir, 'newer.csv');
      await writeFile(file, sample);
      expect(await importIcd10Command(config, file)).toBe(0);
      expect(await importIcd10Command(config, join(dir, 'missing.csv'))).toBe(1);
      await writeFile(file, 'ID;CODE\n1;2');
      expect(await importIcd10Command(config, file)).toBe(1);
      expect(await importIcd10Command(config, undefined)).toBe(2);
      const check = commandDb.url ? await commandDb.open() : await openDatabase({ dataDir: join(dir, 'central') });
      expect(await countIcd10(check)).toBe(56);
      await check.close();
    } finally {
      await commandDb.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
