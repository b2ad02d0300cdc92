import type { Database } from '../db/database.js';
import type { Icd10ImportCounts } from './icd10-import.js';
import { importIcd10File } from './resources.js';

/**
 * On a fresh database, imports ICD-10 from `file` so diagnoses can be coded from the first minute.
 * A database that already has codes is left alone: a newer reference file is imported on purpose
 * (`npm run server -- import-icd10 <file>`), never silently at start.
 */
export async function ensureIcd10(db: Database, file: string | undefined): Promise<{ codes: number; imported?: Icd10ImportCounts }> {
  const codes = await countIcd10(db);
  if (codes > 0 || !file) return { codes };
  const imported = await importIcd10File(db, file);
  return { codes: await countIcd10(db), imported };
}

export async function countIcd10(db: Database): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM icd10_code`);
  return rows[0]?.n ?? 0;
}
