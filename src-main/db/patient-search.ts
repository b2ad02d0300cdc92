import type { SqliteDatabase } from './open.js';
import { birthDateToken } from './patient-index.js';
import { scoreRow } from './search-match.js';
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
/** Candidates read per page beyond the limit: the FTS query is looser than the rule in search-match.ts. */
const PAGE_FLOOR = 64;
const MAX_PAGES = 4;

/**
 * As-you-type patient search over the FTS5 index; the rule for what matches is search-match.ts.
 * Candidates come in two passes: first those where every word is a whole indexed name (so exact
 * surnames and given names are never crowded out by a long list of beginnings), then beginnings in
 * alphabetical order of surname. The final order is by score, best first.
 */
export class PatientSearch {
  private readonly byMatch;
  private readonly byNumber;
  private readonly countRows;

  constructor(db: SqliteDatabase) {
    this.byMatch = db.prepare<[string, number, number], IndexRow>(
      `SELECT p.patient_id, p.display_name, p.surname_keys, p.given_keys, p.birth_date, p.personal_number, p.gender
         FROM patient_fts JOIN patient_index p ON p.rowid = patient_fts.rowid
        WHERE patient_fts MATCH ?
        ORDER BY p.surname_key, p.display_name
        LIMIT ? OFFSET ?`,
    );
    this.byNumber = db.prepare<[string], { patient_id: string }>('SELECT patient_id FROM patient_index WHERE personal_number = ? ORDER BY rowid LIMIT 1');
    this.countRows = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM patient_index');
  }

  /** How many patients the index holds. */
  count(): number {
    return this.countRows.get()!.n;
  }

  /** The patient holding a personal number (normalised, as the index keeps it), if any. */
  idByPersonalNumber(personalNumber: string): string | null {
    return this.byNumber.get(personalNumber)?.patient_id ?? null;
  }

  search(text: string, limit = 20): PatientSearchHit[] {
    const wanted = Math.max(1, Math.min(MAX_SEARCH_LIMIT, Math.trunc(limit)));
    const query = parseSearchText(text);
    const loose = matchExpression(query, 'loose');
    if (!loose) return [];
    const hits = new Map<string, PatientSearchHit>();
    if (query.nameKeys.length) this.collect(matchExpression(query, 'whole')!, query, wanted, hits);
    if (hits.size < wanted) this.collect(loose, query, wanted, hits);
    return [...hits.values()].sort((a, b) => b.score - a.score);
  }

  private collect(expression: string, query: ParsedSearch, wanted: number, hits: Map<string, PatientSearchHit>): void {
    const page = Math.max(PAGE_FLOOR, wanted * 2);
    for (let n = 0; n < MAX_PAGES && hits.size < wanted; n++) {
      const rows = this.byMatch.all(expression, page, n * page);
      for (const row of rows) {
        if (hits.size >= wanted) return;
        if (hits.has(row.patient_id)) continue;
        const score = scoreRow(query, {
          surnameKeys: row.surname_keys.split(' '),
          givenKeys: row.given_keys.split(' '),
          personalNumber: row.personal_number,
          birthDate: row.birth_date,
        });
        if (score !== null) hits.set(row.patient_id, toHit(row, score));
      }
      if (rows.length < page) return;
    }
  }
}

/**
 * FTS5 query text. Keys are [a-z0-9] only (names.ts), so quoting them cannot inject syntax.
 * `whole`: every name word is a whole indexed name. `loose`: a word alone may be a surname
 * beginning or a whole given name; beside other words it may be any name's beginning (search-match.ts
 * then applies the exact rule).
 */
function matchExpression(query: ParsedSearch, mode: 'whole' | 'loose'): string | null {
  const terms: string[] = [];
  const alone = query.nameKeys.length === 1;
  for (const key of query.nameKeys) {
    if (mode === 'whole') terms.push(`{surname given} : "${key}"`);
    else if (alone) terms.push(`(surname : "${key}"* OR given : "${key}")`);
    else terms.push(`{surname given} : "${key}"*`);
  }
  if (query.personalNumber) terms.push(`personal_number : "${query.personalNumber.toLowerCase()}"*`);
  if (query.birthDate) {
    const token = birthDateToken(query.birthDate);
    if (token) terms.push(`birth_date : "${token}"`);
  }
  return terms.length ? terms.join(' AND ') : null;
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
