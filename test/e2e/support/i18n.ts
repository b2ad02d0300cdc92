import { MESSAGES } from '../../../src-renderer/i18n/index.js';
import type { Messages } from '../../../src-renderer/i18n/messages.js';

export type Lang = keyof typeof MESSAGES;

/** The UI's own words in a language, so page objects select by the labels a person reads. */
export function tr(lang: Lang, key: string, values: Record<string, string | number> = {}): string {
  let node: string | Messages | undefined = MESSAGES[lang];
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') throw new Error(`No text ${key} in ${lang}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? `{{${name}}}`));
}

/** Every key of the translations: none of them may ever be on screen. */
export function allKeys(): string[] {
  const keys: string[] = [];
  const walk = (node: Messages, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (typeof value === 'string') keys.push(path.replace(/_(one|few|many|other)$/, ''));
      else walk(value, path);
    }
  };
  walk(MESSAGES.ru, '');
  return [...new Set(keys)];
}
