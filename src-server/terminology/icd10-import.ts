import type { Database, Queryable } from '../db/database.js';
import { readIcd10Rows, type Icd10Row } from './icd10-rows.js';

export interface Icd10ImportCounts {
  /** Codes in the file. */
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Codes in the table but no longer in the file: kept (old records use them), marked inactive. */
  deactivated: number;
}

const CHUNK = 2000;
const WORD_CHUNK = 20_000;

/**
 * Imports ICD-10 from the Ministry's NSI reference file (see icd10-rows.ts for the format) in one
 * transaction. Idempotent: importing the same file again changes nothing and says so in the counts.
 * A malformed file is refused (400 OperationOutcome naming the line) before anything is written.
 */
export async function importIcd10(db: Database, fileText: string): Promise<Icd10ImportCounts> {
  // In code order, like the primary key, so a first import appends to the index.
  const rows = readIcd10Rows(fileText).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return db.transaction(async (tx) => {
    let inserted = 0;
    let updated = 0;
    const changed: Icd10Row[] = [];
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK);
      const written = await upsertCodes(tx, chunk);
      for (const result of written.values()) {
        if (result) inserted++;
        else updated++;
      }
      changed.push(...chunk.filter((row) => written.has(row.code)));
    }
    await rewriteWords(tx, changed);
    const deactivated = await tx.query(`UPDATE icd10_code SET active = false WHERE active AND NOT (code = ANY($1::text[]))`, [rows.map((row) => row.code)]);
    const counts: Icd10ImportCounts = { rows: rows.length, inserted, updated, unchanged: rows.length - inserted - updated, deactivated: deactivated.rowCount };
    await tx.query(`INSERT INTO terminology_import (terminology, rows, inserted, updated, deactivated) VALUES ('icd10', $1, $2, $3, $4)`, [
      counts.rows,
      counts.inserted,
      counts.updated,
      counts.deactivated,
    ]);
    return counts;
  });
}

/** Writes the rows that are new or differ; answers code → true (inserted) / false (updated). */
async function upsertCodes(tx: Queryable, rows: readonly Icd10Row[]): Promise<Map<string, boolean>> {
  const column = <T>(pick: (row: Icd10Row) => T) => rows.map(pick);
  const { rows: written } = await tx.query<{ code: string; inserted: boolean }>(
    `INSERT INTO icd10_code (code, title, parent, kind, depth, leaf, active, addl_code, nsi_id, rec_code, valid_from, code_key)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bool[], $7::bool[], $8::text[], $9::int[], $10::text[], $11::date[], $12::text[])
     ON CONFLICT (code) DO UPDATE SET
       title = excluded.title, parent = excluded.parent, kind = excluded.kind, depth = excluded.depth, leaf = excluded.leaf,
       active = excluded.active, addl_code = excluded.addl_code, nsi_id = excluded.nsi_id, rec_code = excluded.rec_code,
       valid_from = excluded.valid_from, code_key = excluded.code_key
     WHERE (icd10_code.title, icd10_code.parent, icd10_code.kind, icd10_code.depth, icd10_code.leaf, icd10_code.active,
            icd10_code.addl_code, icd10_code.nsi_id, icd10_code.rec_code, icd10_code.valid_from)
       IS DISTINCT FROM (excluded.title, excluded.parent, excluded.kind, excluded.depth, excluded.leaf, excluded.active,
            excluded.addl_code, excluded.nsi_id, excluded.rec_code, excluded.valid_from)
     RETURNING code, (xmax::text = '0') AS inserted`,
    [
      column((r) => r.code),
      column((r) => r.title),
      column((r) => r.parent),
      column((r) => r.kind),
      column((r) => r.depth),
      column((r) => r.leaf),
      column((r) => r.active),
      column((r) => r.addlCode),
      column((r) => r.nsiId),
      column((r) => r.recCode),
      column((r) => r.validFrom),
      column((r) => r.codeKey),
    ],
  );
  return new Map(written.map((row) => [row.code, row.inserted]));
}

/**
 * Replaces the search words of the codes whose title (or anything) changed. The words go in sorted
 * by (word, code), the order of the prefix index, so the index grows at its end instead of being
 * split page by page: on a first import that halves the time.
 */
async function rewriteWords(tx: Queryable, rows: readonly Icd10Row[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(`DELETE FROM icd10_word WHERE code = ANY($1::text[])`, [rows.map((row) => row.code)]);
  const pairs: [string, string][] = [];
  for (const row of rows) for (const word of row.words) pairs.push([word, row.code]);
  // UTF-16 order equals the "C" collation's byte order for these (BMP) letters.
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  for (let start = 0; start < pairs.length; start += WORD_CHUNK) {
    const chunk = pairs.slice(start, start + WORD_CHUNK);
    await tx.query(`INSERT INTO icd10_word (word, code) SELECT * FROM unnest($1::text[], $2::text[])`, [chunk.map((p) => p[0]), chunk.map((p) => p[1])]);
  }
}
