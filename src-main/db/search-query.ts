import { nameSearchKey } from '../../shared/domain/names.js';
import { normalizePersonalNumber } from '../../shared/domain/personal-number.js';

/** What a registrar typed, sorted into the kinds of thing a patient is found by. */
export interface ParsedSearch {
  /** Name keys in the order typed; each matches a surname, given name or patronymic by prefix. */
  nameKeys: string[];
  /** A whole personal number or its beginning, normalised. */
  personalNumber: string | null;
  /** ISO date. */
  birthDate: string | null;
}

export function parseSearchText(text: string): ParsedSearch {
  const parsed: ParsedSearch = { nameKeys: [], personalNumber: null, birthDate: null };
  for (const token of text.trim().slice(0, 200).split(/[\s,;]+/)) {
    if (!token) continue;
    const date = parseDate(token);
    if (date) {
      parsed.birthDate = date;
    } else if (/^\d/.test(token)) {
      // Anything starting with a digit is a personal number being typed (dates were taken above).
      const pn = normalizePersonalNumber(token).replace(/[^A-Z0-9]/g, '');
      if (pn) parsed.personalNumber = pn;
    } else {
      const key = nameSearchKey(token);
      if (key && !parsed.nameKeys.includes(key)) parsed.nameKeys.push(key);
    }
  }
  return parsed;
}

/** DD.MM.YYYY (also with / or -) as people write it, or YYYY-MM-DD as machines do; only real dates. */
export function parseDate(token: string): string | null {
  let match = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(token);
  let [year, month, day] = match ? [match[3], match[2], match[1]] : [];
  if (!match) {
    match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(token);
    if (!match) return null;
    [year, month, day] = [match[1], match[2], match[3]];
  }
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
