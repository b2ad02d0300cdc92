/**
 * Name search keys. A registrar types a surname in Russian, Belarusian or Latin transliteration
 * (Иванов, Іваноў, Ivanov, Ivanou) and expects the same person: every spelling is folded to one
 * loose Latin key, and the index and the query go through the same function, so a prefix of the
 * query's key matches a prefix of the stored one. Case, ё/е and diacritics never matter.
 */
const CYRILLIC_TO_LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', ґ: 'g', д: 'd', е: 'e', ё: 'e', є: 'e', ж: 'zh', з: 'z', и: 'i', і: 'i', ї: 'i', й: 'i',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ў: 'v', ф: 'f', х: 'h', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'iu', я: 'ia', '\u02bc': '', "'": '',
};

/** Latin letters whose diacritic carries a sound we must keep apart (Belarusian Łacinka, Polish). */
const LATIN_SPECIAL: Record<string, string> = { ŭ: 'v', ł: 'l', ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe' };

/** One word to its search key: lower-case Latin letters and digits only. */
export function nameSearchKey(word: string): string {
  let latin = '';
  for (const ch of word.toLowerCase()) {
    latin += CYRILLIC_TO_LATIN[ch] ?? LATIN_SPECIAL[ch] ?? ch;
  }
  return (
    latin
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]/g, '')
      // Spellings that differ only by transliteration scheme.
      .replace(/kh/g, 'h')
      .replace(/w/g, 'v')
      .replace(/x/g, 'ks')
      .replace(/j/g, 'i')
      .replace(/y/g, 'i')
      .replace(/ou$/, 'ov')
  );
}

/** Every word of a name as a search key (hyphenated surnames give one key per part and one whole). */
export function nameSearchKeys(text: string): string[] {
  const keys = new Set<string>();
  for (const word of text.split(/[\s,.;]+/)) {
    if (!word) continue;
    const whole = nameSearchKey(word);
    if (whole) keys.add(whole);
    if (word.includes('-')) for (const part of word.split('-')) {
      const key = nameSearchKey(part);
      if (key) keys.add(key);
    }
  }
  return [...keys];
}
