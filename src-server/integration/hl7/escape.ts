import type { Delimiters } from './message.js';

/**
 * HL7 v2 escape sequences (§2.7): \F\ \S\ \T\ \R\ \E\ stand for the delimiters, \Xhh..\ for
 * bytes given in hex (read as UTF-8), \.br\ for a line break. Highlighting (\H\, \N\) and other
 * formatting sequences carry no text and are dropped. A lone escape character with no closing
 * one is kept as it is.
 */
export function unescapeHl7(text: string, d: Delimiters): string {
  if (!text.includes(d.escape)) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch !== d.escape) {
      out += ch;
      i++;
      continue;
    }
    const end = text.indexOf(d.escape, i + 1);
    if (end < 0) {
      out += text.slice(i);
      break;
    }
    out += escapeValue(text.slice(i + 1, end), d);
    i = end + 1;
  }
  return out;
}

function escapeValue(code: string, d: Delimiters): string {
  switch (code) {
    case 'F':
      return d.field;
    case 'S':
      return d.component;
    case 'T':
      return d.subcomponent;
    case 'R':
      return d.repetition;
    case 'E':
      return d.escape;
    case '.br':
      return '\n';
  }
  if (/^X([0-9A-Fa-f]{2})+$/.test(code)) return Buffer.from(code.slice(1), 'hex').toString('utf8');
  return ''; // \H\, \N\, \.sp\ and the like: formatting, no text
}

/** Escapes text for a field of a message we write (ACK texts). */
export function escapeHl7(text: string, d: Delimiters): string {
  const map: Record<string, string> = { [d.escape]: 'E', [d.field]: 'F', [d.component]: 'S', [d.subcomponent]: 'T', [d.repetition]: 'R' };
  let out = '';
  for (const ch of text.replace(/[\r\n]+/g, ' ')) out += map[ch] ? `${d.escape}${map[ch]}${d.escape}` : ch;
  return out;
}
