import { nameSearchKey, nameSearchKeys } from '../../../shared/domain/names.js';
import { normalizePersonalNumber, PERSONAL_NUMBER_PATTERN } from '../../../shared/domain/personal-number.js';
import { badRequest } from '../../../shared/fhir/outcomes.js';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { dateRange, type DateRange } from './dates.js';
import type { SearchParamDefinition } from './definitions.js';
import { capIndexed, parseReference } from './extract.js';

/** One search value, typed. The SQL builder binds every field; none is ever spliced into SQL text. */
export type Condition =
  | { kind: 'token'; system?: string | null | undefined; code?: string | undefined }
  | { kind: 'string'; keys: string[]; exact?: string | undefined }
  | { kind: 'date'; prefix: DatePrefix; range: DateRange }
  | { kind: 'reference'; targetType?: string | undefined; targetId: string };

export const DATE_PREFIXES = ['eq', 'ne', 'lt', 'gt', 'le', 'ge', 'sa', 'eb'] as const;
export type DatePrefix = (typeof DATE_PREFIXES)[number];

const MAX_VALUE_LENGTH = 1024;
const MAX_VALUES = 100;

/** Splits a parameter's value on unescaped commas (`\,` is a literal comma); empty parts are dropped. */
export function splitValues(text: string, name: string): string[] {
  if (text.length > MAX_VALUE_LENGTH * 4) throw badRequest(`The value of ${name} is too long`, name);
  if (/[\u0000-\u001f\u007f]/.test(text)) throw badRequest(`The value of ${name} contains control characters`, name);
  const values: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && (text[i + 1] === ',' || text[i + 1] === '|' || text[i + 1] === '\\' || text[i + 1] === '$')) {
      current += ch + text[i + 1];
      i++;
    } else if (ch === ',') {
      values.push(current);
      current = '';
    } else current += ch;
  }
  values.push(current);
  const nonEmpty = values.filter((v) => v.length > 0);
  if (nonEmpty.length > MAX_VALUES) throw badRequest(`${name} takes at most ${MAX_VALUES} comma-separated values`, name);
  for (const v of nonEmpty) if (v.length > MAX_VALUE_LENGTH) throw badRequest(`A value of ${name} is longer than ${MAX_VALUE_LENGTH} characters`, name);
  return nonEmpty;
}

export function parseValue(def: SearchParamDefinition, modifier: string | undefined, value: string): Condition {
  switch (def.kind) {
    case 'token':
      noModifier(def, modifier);
      return tokenValue(def, value);
    case 'string':
      return stringValue(def, modifier, value);
    case 'date':
      noModifier(def, modifier);
      return dateValue(def, value);
    case 'reference':
      return referenceValue(def, modifier, value);
  }
}

function noModifier(def: SearchParamDefinition, modifier: string | undefined): void {
  if (modifier !== undefined) throw badRequest(`Modifier ':${modifierName(modifier)}' is not supported on ${def.name}`, def.name);
}

function modifierName(modifier: string): string {
  return modifier.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 64);
}

/** Removes the escapes of splitValues (`\,` `\|` `\\` `\$`). */
function unescape(text: string): string {
  return text.replace(/\\([,|\\$])/g, '$1');
}

/**
 * Characters no code, identifier or system contains, and no name either (apostrophes and quotes
 * excepted: O'Brien, «Ромашка»). A value with them is an injection attempt or a paste accident;
 * either way it is refused with a 400 rather than searched for.
 */
const NOT_IN_CODES = /['"<>;`]|--/;
const NOT_IN_NAMES = /[<>=;{}`]|--/;

function tokenValue(def: SearchParamDefinition, value: string): Condition {
  if (NOT_IN_CODES.test(value)) throw badRequest(`${def.name}: the value contains characters no code or identifier has (quotes, <, >, ;, --)`, def.name);
  const bar = findUnescaped(value, '|');
  let system: string | null | undefined;
  let code: string | undefined;
  if (bar < 0) code = unescape(value);
  else {
    const systemPart = unescape(value.slice(0, bar));
    system = systemPart === '' ? null : capIndexed(systemPart);
    code = unescape(value.slice(bar + 1)) || undefined;
  }
  if (code !== undefined) {
    code = capIndexed(code);
    // Personal numbers are matched as registrars type them: lower case, spaces, Cyrillic look-alikes.
    if (def.name === 'identifier' && (system === undefined || system === SYSTEMS.personalNumber)) {
      const normalized = normalizePersonalNumber(code);
      if (PERSONAL_NUMBER_PATTERN.test(normalized)) code = normalized;
    }
  }
  if (code === undefined && !system) throw badRequest(`${def.name}: give a code, system|code, |code or system|`, def.name);
  return { kind: 'token', system, code };
}

function findUnescaped(text: string, ch: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === ch) return i;
  }
  return -1;
}

function stringValue(def: SearchParamDefinition, modifier: string | undefined, value: string): Condition {
  if (modifier !== undefined && modifier !== 'exact') throw badRequest(`Modifier ':${modifierName(modifier)}' is not supported on ${def.name} (use :exact or none)`, def.name);
  if (NOT_IN_NAMES.test(value)) throw badRequest(`${def.name}: the value contains characters no name has (<, >, =, ;, braces, --)`, def.name);
  const text = unescape(value);
  if (modifier === 'exact') {
    // :exact compares the whole original string; its first word's key lets the index find it.
    const firstKey = text.split(/[\s,.;-]+/).map(nameSearchKey).find(Boolean);
    if (!firstKey) throw badRequest(`${def.name}:exact needs letters or digits`, def.name);
    return { kind: 'string', keys: [firstKey], exact: capIndexed(text) };
  }
  const keys = nameSearchKeys(text);
  if (keys.length === 0) throw badRequest(`${def.name} needs letters or digits to search for`, def.name);
  return { kind: 'string', keys: keys.slice(0, 10) };
}

function dateValue(def: SearchParamDefinition, value: string): Condition {
  const prefixed = /^[a-z]{2}/.test(value) ? value.slice(0, 2) : undefined;
  const prefix = (prefixed ?? 'eq') as DatePrefix;
  if (prefixed !== undefined && !DATE_PREFIXES.includes(prefix)) {
    throw badRequest(`${def.name}: unsupported date prefix '${modifierName(prefixed)}' (use ${DATE_PREFIXES.join(', ')})`, def.name);
  }
  const range = dateRange(prefixed ? value.slice(2) : value);
  if (!range) throw badRequest(`${def.name}: a date is YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss][Z|+hh:mm], after an optional prefix`, def.name);
  return { kind: 'date', prefix, range };
}

function referenceValue(def: SearchParamDefinition, modifier: string | undefined, value: string): Condition {
  if (modifier !== undefined && !/^[A-Z][A-Za-z]{1,63}$/.test(modifier)) {
    throw badRequest(`Modifier ':${modifierName(modifier)}' is not supported on ${def.name} (use a resource type)`, def.name);
  }
  const invalid = () => badRequest(`${def.name}: a reference is Type/id or id`, def.name);
  if (!/^[A-Za-z0-9\-._:/]+$/.test(value)) throw invalid();
  const typed = value.includes('/') ? parseReference(value) : undefined;
  if (value.includes('/') && !typed) throw invalid();
  const targetId = typed?.targetId ?? value;
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(targetId)) throw invalid();
  const targetType = typed?.targetType ?? modifier ?? (def.targets?.length === 1 ? def.targets[0] : undefined);
  if (modifier && typed && typed.targetType !== modifier) throw invalid();
  return { kind: 'reference', targetType, targetId };
}
