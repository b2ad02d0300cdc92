import type { SqliteDatabase } from './open.js';

export interface LocalIcd10Entry {
  code: string;
  title: string;
  /** A code with nothing below it: what a diagnosis is recorded with. */
  leaf: boolean;
}

/** Lower case, ё as е, split on anything that is not a letter or digit (as Central's ICD-10 search). */
export function icd10Words(text: string): string[] {
  const words = text.toLowerCase().replace(/ё/g, 'е').split(/[^\p{L}\p{N}]+/u);
  return [...new Set(words.filter((word) => word.length > 0))];
}

// The Russian keyboard layout: someone who forgot to switch types "О06" for J06.
const RUSSIAN_LAYOUT: Record<string, string> = Object.fromEntries([...'йцукенгшщзфывапролдячсмить'].map((c, i) => [c, 'qwertyuiopasdfghjklzxcvbnm'[i]!]));

/** The query as a code prefix key ("J06", "j06.9", "о06"), or undefined if it is words. */
export function icd10CodePrefix(query: string): string | undefined {
  const trimmed = query.trim().toLowerCase();
  if (!/^[a-zа-я]\d[\d.]*$/u.test(trimmed)) return undefined;
  return ((RUSSIAN_LAYOUT[trimmed[0]!] ?? trimmed[0]!) + trimmed.slice(1)).toUpperCase().replace(/\./g, '');
}

const codeKey = (code: string) => code.toUpperCase().replace(/\./g, '');

/**
 * The workstation's copy of ICD-10: replaced whole when pulled from Central, searched offline by a
 * code prefix or by the beginnings of the words of the Russian title, leaf codes first.
 */
export class Icd10Repository {
  private readonly byCode;
  private readonly byWords;
  private readonly countRows;

  constructor(private readonly db: SqliteDatabase) {
    this.byCode = db.prepare<[string, string, number], { code: string; title: string; leaf: number }>(
      'SELECT code, title, leaf FROM icd10 WHERE code_key >= ? AND code_key < ? ORDER BY leaf DESC, code LIMIT ?',
    );
    this.byWords = db.prepare<[string, number], { code: string; title: string; leaf: number }>(
      `SELECT i.code, i.title, i.leaf FROM icd10_fts JOIN icd10 i ON i.rowid = icd10_fts.rowid
        WHERE icd10_fts MATCH ? ORDER BY i.leaf DESC, i.code LIMIT ?`,
    );
    this.countRows = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM icd10');
  }

  count(): number {
    return this.countRows.get()!.n;
  }

  /** Replaces the whole copy in one transaction: a search never sees half of an update. */
  replaceAll(entries: readonly LocalIcd10Entry[]): void {
    const insert = this.db.prepare<[string, string, string, number], { rowid: number }>('INSERT INTO icd10 (code, code_key, title, leaf) VALUES (?, ?, ?, ?) RETURNING rowid');
    const insertFts = this.db.prepare<[number, string]>('INSERT INTO icd10_fts (rowid, words) VALUES (?, ?)');
    this.db.transaction(() => {
      this.db.exec('DELETE FROM icd10_fts; DELETE FROM icd10;');
      for (const entry of entries) {
        const { rowid } = insert.get(entry.code, codeKey(entry.code), entry.title, entry.leaf ? 1 : 0)!;
        insertFts.run(rowid, icd10Words(entry.title).join(' '));
      }
    }).immediate();
  }

  search(query: string, limit: number): LocalIcd10Entry[] {
    const code = icd10CodePrefix(query);
    const rows = code !== undefined ? this.byCode.all(code, code + '\uffff', limit) : this.searchWords(query, limit);
    return rows.map((row) => ({ code: row.code, title: row.title, leaf: row.leaf === 1 }));
  }

  private searchWords(query: string, limit: number) {
    const words = icd10Words(query).slice(0, 8);
    if (words.length === 0) return [];
    // Words are letters and digits only, so quoting them cannot inject FTS syntax.
    return this.byWords.all(words.map((word) => `"${word}"*`).join(' AND '), limit);
  }
}
