/** A translation: nested groups of strings. Plural forms are keys with i18next's suffixes (_one, _few, _many, _other). */
export interface Messages {
  readonly [key: string]: string | Messages;
}
