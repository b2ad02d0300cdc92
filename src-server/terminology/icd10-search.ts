import type { Queryable } from '../db/database.js';
import { icd10CodeKey, icd10Words, type Icd10Kind } from './icd10-rows.js';

export interface Icd10Entry {
  code: string;
  title: string;
  kind: Icd10Kind;
  parent: string | null;
  depth: number;
  /** A code with nothing below it: what a diagnosis is recorded with. */
  leaf: boolean;
  active: boolean;
  /** 1 dagger (†), 2 asterisk (*). */
  addlCode: string | null;
}

export interface Icd10Detail extends Icd10Entry {
  /** From the chapter down to the parent. */
  ancestors: Icd10Entry[];
  children: Icd10Entry[];
}

export const MAX_SEARCH_RESULTS = 100;

const COLUMNS = `code, title, kind, parent, depth, leaf, active, addl_code AS "addlCode"`;

// The Russian keyboard layout: someone who forgot to switch types "О06" for J06.
const RUSSIAN_LAYOUT: Record<string, string> = Object.fromEntries(
  [...'йцукенгшщзфывапролдячсмить'].map((c, i) => [c, 'qwertyuiopasdfghjklzxcvbnm'[i]!]),
);

/** The query as a code prefix ("J06", "j06.9", "о06" on the Russian layout), or undefined if it is words. */
export function asCodePrefix(query: string): string | undefined {
  const trimmed = query.trim().toLowerCase();
  if (!/^[a-zа-я]\d[\d.]*$/u.test(trimmed)) return undefined;
  return icd10CodeKey((RUSSIAN_LAYOUT[trimmed[0]!] ?? trimmed[0]!) + trimmed.slice(1));
}

/**
 * Active codes matching a code prefix or, otherwise, every word of the query as a prefix of some word
 * of the title (case and ё/е never matter: "острый бронх" finds J20.x). Leaf codes come first, as
 * they are the ones a diagnosis is recorded with; then by code.
 */
export async function searchIcd10(db: Queryable, query: string, limit = 20): Promise<Icd10Entry[]> {
  const count = Math.max(1, Math.min(MAX_SEARCH_RESULTS, Math.floor(limit)));
  const code = asCodePrefix(query);
  if (code !== undefined) {
    const { rows } = await db.query<Icd10Entry>(
      `SELECT ${COLUMNS} FROM icd10_code WHERE active AND code_key LIKE $1 ORDER BY leaf DESC, code LIMIT $2`,
      [`${code}%`, count],
    );
    return rows;
  }
  const words = icd10Words(query).slice(0, 8);
  if (words.length === 0) return [];
  // Words are letters and digits only (icd10Words), so none can carry a LIKE wildcard.
  const conditions = words.map((_, i) => `code IN (SELECT code FROM icd10_word WHERE word LIKE $${i + 2})`);
  const { rows } = await db.query<Icd10Entry>(
    `SELECT ${COLUMNS} FROM icd10_code WHERE active AND ${conditions.join(' AND ')} ORDER BY leaf DESC, code LIMIT $1`,
    [count, ...words.map((word) => `${word}%`)],
  );
  return rows;
}

/** One code with its place in the hierarchy, inactive codes included (old records carry them). */
export async function getIcd10(db: Queryable, code: string): Promise<Icd10Detail | undefined> {
  const { rows } = await db.query<Icd10Entry>(`SELECT ${COLUMNS} FROM icd10_code WHERE code = $1`, [code.trim().toUpperCase()]);
  const entry = rows[0];
  if (!entry) return undefined;
  const ancestors: Icd10Entry[] = [];
  for (let parent = entry.parent; parent && ancestors.length < 10; ) {
    const { rows: up } = await db.query<Icd10Entry>(`SELECT ${COLUMNS} FROM icd10_code WHERE code = $1`, [parent]);
    if (!up[0]) break;
    ancestors.unshift(up[0]);
    parent = up[0].parent;
  }
  const { rows: children } = await db.query<Icd10Entry>(`SELECT ${COLUMNS} FROM icd10_code WHERE parent = $1 ORDER BY code`, [entry.code]);
  return { ...entry, ancestors, children };
}
