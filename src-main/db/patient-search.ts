import type { SqliteDatabase } from './open.js';
import { birthDateToken } from './patient-index.js';
import { parseSearchText, type ParsedSearch } from './search-query.js';

export interface PatientSearchHit {
  id: string;
  displayName: string;
  birthDate: string | null;
  personalNumber: string | null;
  gender: string | null;
  /** Higher is better; comparable within one search only. */
  score: number;
}

interface IndexRow {
  patient_id: string;
  display_name: string;
  surname_keys: string;
  given_keys: string;
  birth_date: string | null;
  personal_number: string | null;
  gender: string | null;
}

export const MAX_SEARCH_LIMIT = 200;

/**
 * As-you-type patient search over the FTS5 index. Every word typed must match (AND). Patients whose
 * surname equals the first name word are fetched first, then prefix matches in alphabetical order of
 * surname, so "Иванов" lists the Ivanovs before the Ivanovskys; the final order is by score.
 */
export class PatientSearch {
  private readonly byMatch;

  constructor(db: SqliteDatabase) {
    this.byMatch = db.prepare<[string, number], IndexRow>(
      `SELECT p.patient_id, p.display_name, p.surname_keys, p.given_keys, p.birth_date, p.personal_number, p.gender
         FROM patient_fts JOIN patient_index p ON p.rowid = patient_fts.rowid
        WHERE patient_fts MATCH ?
        ORDER BY p.surname_key, p.display_name
        LIMIT ?`,
    );
  }

  search(text: string, limit = 20): PatientSearchHit[] {
    const wanted = Math.max(1, Math.min(MAX_SEARCH_LIMIT, Math.trunc(limit)));
    const query = parseSearchText(text);
    const prefixMatch = matchExpression(query, false);
    if (!prefixMatch) return [];
    const rows = new Map<string, IndexRow>();
    if (query.nameKeys.length) {
      for (const row of this.byMatch.all(matchExpression(query, true)!, wanted)) rows.set(row.patient_id, row);
    }
    if (rows.size < wanted) {
      for (const row of this.byMatch.all(prefixMatch, wanted)) {
        if (rows.size >= wanted) break;
        if (!rows.has(row.patient_id)) rows.set(row.patient_id, row);
      }
    }
    return [...rows.values()]
      .map((row) => toHit(row, scoreRow(row, query)))
      .sort((a, b) => b.score - a.score);
  }
}

/** FTS5 query text. Keys are [a-z0-9] only (names.ts), so quoting them cannot inject syntax. */
function matchExpression(query: ParsedSearch, exactFirstSurname: boolean): string | null {
  const terms: string[] = [];
  query.nameKeys.forEach((key, i) => {
    terms.push(exactFirstSurname && i === 0 ? `surname : "${key}"` : `{surname given} : "${key}"*`);
  });
  if (query.personalNumber) terms.push(`personal_number : "${query.personalNumber.toLowerCase()}"*`);
  if (query.birthDate) {
    const token = birthDateToken(query.birthDate);
    if (token) terms.push(`birth_date : "${token}"`);
  }
  return terms.length ? terms.join(' AND ') : null;
}

/** Exact beats prefix, surname beats given name; a longer stored key for the same prefix ranks lower. */
function scoreRow(row: IndexRow, query: ParsedSearch): number {
  const surnames = row.surname_keys.split(' ');
  const givens = row.given_keys.split(' ');
  let score = 0;
  for (const key of query.nameKeys) {
    if (surnames.includes(key)) score += 10;
    else if (givens.includes(key)) score += 6;
    else {
      const prefixOf = (stored: string) => stored.startsWith(key);
      const closeness = (stored: string) => key.length / stored.length;
      const surname = surnames.filter(prefixOf).map(closeness);
      const given = givens.filter(prefixOf).map(closeness);
      if (surname.length) score += 4 + Math.max(...surname);
      else if (given.length) score += 2 + Math.max(...given);
    }
  }
  if (query.personalNumber && row.personal_number) {
    score += row.personal_number === query.personalNumber ? 10 : 4 + query.personalNumber.length / 14;
  }
  if (query.birthDate && row.birth_date === query.birthDate) score += 5;
  return Math.round(score * 1000) / 1000;
}

function toHit(row: IndexRow, score: number): PatientSearchHit {
  return {
    id: row.patient_id,
    displayName: row.display_name,
    birthDate: row.birth_date,
    personalNumber: row.personal_number,
    gender: row.gender,
    score,
  };
}
