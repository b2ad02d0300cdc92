import type { ParsedSearch } from './search-query.js';

/**
 * How well one indexed patient answers what a registrar typed, decided word by word. The FTS5
 * query only finds candidates; this is the rule, and it is the same for every candidate:
 *
 * - a word matches a surname by its beginning (the registrar is typing the surname), or a given
 *   name or patronymic as a whole word ("Федор" finds Королёв Фёдор);
 * - a word may match a given name or patronymic by its beginning only when another word matched a
 *   surname in full: "Иванов Пет" finds Иванов Иван Петрович, while "Иванов Иван" does not also
 *   list Иванова Мария Ивановна, and "Петров" alone does not list every Петрович;
 * - every word must match, and two words never match the same name part.
 *
 * The score orders results: exact surname, then exact given name, then beginnings (a beginning
 * closer to the whole name ranks higher), plus the personal number and birth date.
 */
export interface IndexedNames {
  surnameKeys: readonly string[];
  givenKeys: readonly string[];
}

interface PartMatch {
  part: string;
  score: number;
  exactSurname: boolean;
  givenPrefix: boolean;
}

const SURNAME_EXACT = 10;
const GIVEN_EXACT = 6;
const SURNAME_PREFIX = 4;
const GIVEN_PREFIX = 2;

function candidates(key: string, names: IndexedNames): PartMatch[] {
  const found: PartMatch[] = [];
  const match = (part: string, score: number, exactSurname = false, givenPrefix = false) => found.push({ part, score, exactSurname, givenPrefix });
  for (const surname of names.surnameKeys) {
    if (surname === key) match(`s:${surname}`, SURNAME_EXACT, true);
    else if (surname.startsWith(key)) match(`s:${surname}`, SURNAME_PREFIX + key.length / surname.length);
  }
  for (const given of names.givenKeys) {
    if (given === key) match(`g:${given}`, GIVEN_EXACT);
    else if (given.startsWith(key)) match(`g:${given}`, GIVEN_PREFIX + key.length / given.length, false, true);
  }
  return found;
}

/** The best score of the name words over distinct name parts, or null when some word cannot match. */
export function scoreNames(keys: readonly string[], names: IndexedNames): number | null {
  if (keys.length === 0) return 0;
  const options = keys.map((key) => candidates(key, names));
  let best: number | null = null;
  const chosen: PartMatch[] = [];
  const used = new Set<string>();
  // Few words and few name parts: trying every assignment is cheap and obviously right.
  const assign = (i: number) => {
    if (i === keys.length) {
      const score = admissibleScore(chosen);
      if (score !== null && (best === null || score > best)) best = score;
      return;
    }
    for (const match of options[i]!) {
      if (used.has(match.part)) continue;
      used.add(match.part);
      chosen.push(match);
      assign(i + 1);
      chosen.pop();
      used.delete(match.part);
    }
  };
  assign(0);
  return best;
}

/** A given-name beginning counts only beside a surname matched in full by another word. */
function admissibleScore(chosen: readonly PartMatch[]): number | null {
  let score = 0;
  for (const [i, match] of chosen.entries()) {
    if (match.givenPrefix && !chosen.some((other, j) => j !== i && other.exactSurname)) return null;
    score += match.score;
  }
  return score;
}

/**
 * A quick necessary condition, without allocating: every word begins some indexed name. Most
 * candidates of a long list fail it (the initial of "Иванов И" against each Ivanov), so the full
 * scoring runs only for the few that may match.
 */
export function mayMatch(keys: readonly string[], surnameKeys: string, givenKeys: string): boolean {
  for (const key of keys) {
    if (!beginsSomeKey(surnameKeys, key) && !beginsSomeKey(givenKeys, key)) return false;
  }
  return true;
}

/** Whether `key` begins one of the space-separated keys in `list`. */
function beginsSomeKey(list: string, key: string): boolean {
  for (let at = list.indexOf(key); at !== -1; at = list.indexOf(key, at + 1)) {
    if (at === 0 || list.charCodeAt(at - 1) === 32) return true;
  }
  return false;
}

/** Scores a whole row, or null when it does not answer every word of the query. */
export function scoreRow(query: ParsedSearch, row: IndexedNames & { personalNumber: string | null; birthDate: string | null }): number | null {
  const names = scoreNames(query.nameKeys, row);
  if (names === null) return null;
  let score = names;
  if (query.personalNumber) {
    if (!row.personalNumber?.startsWith(query.personalNumber)) return null;
    score += row.personalNumber === query.personalNumber ? 10 : 4 + query.personalNumber.length / 14;
  }
  if (query.birthDate) {
    if (row.birthDate !== query.birthDate) return null;
    score += 5;
  }
  return Math.round(score * 1000) / 1000;
}
