import type { SqliteDatabase } from './open.js';
import { birthDateToken } from './patient-index.js';
import { PatientKeyLookup, type IndexRow } from './patient-key-lookup.js';
import { mayMatch, scoreRow } from './search-match.js';
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


export const MAX_SEARCH_LIMIT = 200;
/** Candidates read per page beyond the limit: the FTS query is looser than the rule in search-match.ts. */
const PAGE_FLOOR = 64;
const MAX_PAGES = 4;
/** Rows a search streams through at most before answering with what it found. */
const SCAN_CAP = 4000;

/**
 * As-you-type patient search; the rule for what matches is search-match.ts. One name word or a
 * personal number alone (most of what is typed, letter by letter) is answered by index range scans
 * in order (patient-key-lookup.ts). Anything else goes to the FTS5 index in two passes: first where
 * every word is a whole indexed name (so exact surnames and given names are never crowded out by a
 * long list of beginnings), then beginnings in alphabetical order of surname. The final order is
 * by score, best first; equal scores keep the alphabetical order.
 */
export class PatientSearch {
  private readonly byMatch;
  private readonly lookup: PatientKeyLookup;
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
    this.lookup = new PatientKeyLookup(db);
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
    const onlyName = query.nameKeys.length === 1 && !query.personalNumber && !query.birthDate;
    if (onlyName) this.oneWord(query, wanted, hits);
    else if (query.nameKeys.length === 0 && query.personalNumber && !query.birthDate) this.take(this.lookup.personalNumberBeginsWith(query.personalNumber, wanted), query, wanted, hits);
    else {
      // Initials beside a surname that exists in full: the initials can only be its given names'
      // beginnings (search-match.ts), so the surname's patients were all the candidates there are.
      const initials = query.nameKeys.length > 1 && !query.birthDate && query.nameKeys.some((key) => key.length <= 2);
      const surnameFound = initials && this.byWholeSurname(query, wanted, hits);
      if (query.nameKeys.length && hits.size < wanted) this.collect(matchExpression(query, 'whole')!, query, wanted, hits);
      if (hits.size < wanted && !surnameFound) this.collect(loose, query, wanted, hits);
    }
    return [...hits.values()].sort((a, b) => b.score - a.score);
  }

  /** Exact surnames, then exact given names, then surname beginnings: the order of the scores. */
  private oneWord(query: ParsedSearch, wanted: number, hits: Map<string, PatientSearchHit>): void {
    const key = query.nameKeys[0]!;
    this.take(this.lookup.equals('s', key, wanted), query, wanted, hits);
    if (hits.size < wanted) this.take(this.lookup.equals('g', key, wanted), query, wanted, hits);
    // (A patient equal in surname and given name is taken once: `take` skips what it has.)
    // A patient with two spellings beginning alike comes twice: read on until enough distinct ones.
    for (let limit = wanted * 2; hits.size < wanted; limit *= 4) {
      const rows = this.lookup.beginsWith('s', key, limit);
      this.take(rows, query, wanted, hits);
      if (rows.length < limit) break;
    }
  }

  /**
   * Several words, one of them only a letter or two ("Иванов И"): an FTS query on that letter
   * would walk every name beginning with it. Most often another word is the whole surname, and then
   * the letters can only begin that patient's other names (search-match.ts): those few rows are
   * read straight from the key index (given names and other surname parts beginning with the first
   * letters), plus patients who carry the surname as a second spelling, each checked against all
   * the words. Returns whether some patient has such a surname at all.
   */
  private byWholeSurname(query: ParsedSearch, wanted: number, hits: Map<string, PatientSearchHit>): boolean {
    const short = query.nameKeys.find((key) => key.length <= 2)!;
    const words = query.nameKeys.filter((key) => key.length > 2).sort((a, b) => b.length - a.length);
    let surnameFound = false;
    for (const key of words) {
      const limit = Math.min(SCAN_CAP, Math.max(PAGE_FLOOR, wanted * 4));
      const rows = [...this.lookup.ofSurnameBeginningWith(key, 'g', short, limit), ...this.lookup.ofSurnameBeginningWith(key, 's', short, limit), ...this.lookup.withOtherSurname(key, SCAN_CAP)];
      surnameFound ||= rows.length > 0 || this.lookup.equals('s', key, 1).length > 0;
      this.take(rows, query, wanted, hits);
      if (hits.size >= wanted) break;
    }
    return surnameFound;
  }

  private take(rows: readonly IndexRow[], query: ParsedSearch, wanted: number, hits: Map<string, PatientSearchHit>): void {
    for (const row of rows) {
      if (hits.size >= wanted) return;
      if (hits.has(row.patient_id) || !mayMatch(query.nameKeys, row.surname_keys, row.given_keys)) continue;
      const score = scoreRow(query, { surnameKeys: row.surname_keys.split(' '), givenKeys: row.given_keys.split(' '), personalNumber: row.personal_number, birthDate: row.birth_date });
      if (score !== null) hits.set(row.patient_id, toHit(row, score));
    }
  }

  /** A first page of FTS candidates, and when too few of them matched, one larger read of the rest. */
  private collect(expression: string, query: ParsedSearch, wanted: number, hits: Map<string, PatientSearchHit>): void {
    const page = Math.max(PAGE_FLOOR, wanted * 2);
    const first = this.byMatch.all(expression, page, 0);
    this.take(first, query, wanted, hits);
    if (hits.size < wanted && first.length === page) this.take(this.byMatch.all(expression, page * (MAX_PAGES - 1), page), query, wanted, hits);
  }
}

/**
 * FTS5 query text. Keys are [a-z0-9] only (names.ts), so quoting them cannot inject syntax.
 * `whole`: every name word is a whole indexed name. `loose`: a word alone may be a surname
 * beginning or a whole given name; beside other words it may be any name's beginning (search-match.ts
 * then applies the exact rule to every row, the words left out of the query included).
 */
function matchExpression(query: ParsedSearch, mode: 'whole' | 'loose'): string | null {
  const terms: string[] = [];
  const alone = query.nameKeys.length === 1;
  // Beside a word long enough to be selective, a letter or two is left to scoreRow: its FTS
  // prefix list is most of the index, while the long word's candidates are few.
  const hasLong = query.nameKeys.some((key) => key.length >= 5) && query.nameKeys.some((key) => key.length <= 2);
  for (const key of query.nameKeys) {
    if (mode === 'loose' && !alone && hasLong && key.length <= 2) continue;
    if (mode === 'whole') terms.push(`{surname given} : "${key}"`);
    // Alone, or beside initials (whose surname was looked up whole in byWholeSurname): a surname
    // being typed or a whole given name, not every patronymic that begins like it.
    else if (alone || hasLong) terms.push(`(surname : "${key}"* OR given : "${key}")`);
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
