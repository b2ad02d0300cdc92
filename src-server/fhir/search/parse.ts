import { badRequest } from '../../../shared/fhir/outcomes.js';
import { decodeCursor, type Cursor } from './cursor.js';
import { searchParameterMap, type SearchParamDefinition } from './definitions.js';
import { parseValue, splitValues, type Condition } from './values.js';

/**
 * A search request, parsed and checked: everything a user typed is either turned into typed values
 * here or refused with a 400 that names the parameter. Nothing past this point sees raw input.
 */
export interface Criterion {
  def: SearchParamDefinition;
  /** Any one of these matches (comma = OR). Repeated parameters are separate criteria (AND). */
  anyOf: Condition[];
}

export interface SortKey {
  def: SearchParamDefinition;
  descending: boolean;
}

export interface ParsedSearch {
  resourceType: string;
  criteria: Criterion[];
  sort: SortKey[];
  count: number;
  /** estimate (the default): exact when cheap or at most COUNT_CAP matches, else left out. */
  total: 'none' | 'estimate' | 'accurate';
  /** `_summary=count` or `_count=0`: the total only, no entries. */
  countOnly: boolean;
  elements?: string[] | undefined;
  cursor?: Cursor | undefined;
}

export const DEFAULT_COUNT = 20;
/** `_count` above this is lowered to it (FHIR lets a server return fewer than asked). */
export const MAX_COUNT = 1000;
const MAX_CRITERIA = 40;
const MAX_SORT_KEYS = 3;
const CONTROL = new Set(['_count', '_sort', '_total', '_summary', '_elements', '_cursor', '_format', '_pretty']);

/** A parameter name as it may appear in an error: no markup, no control characters, bounded. */
export function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_:.-]/g, '').slice(0, 64) || '(unnamed)';
}

export function parseSearch(resourceType: string, query: Record<string, string | string[] | undefined>): ParsedSearch {
  const params = searchParameterMap(resourceType);
  if (params.size === 0) throw badRequest(`Search is not supported for resource type ${safeName(resourceType)}`);
  const parsed: ParsedSearch = { resourceType, criteria: [], sort: [], count: DEFAULT_COUNT, total: 'estimate', countOnly: false };

  for (const [key, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    // A POST _search body is JSON as well as a form: only strings (or lists of them) are values.
    if (typeof raw !== 'string' && !(Array.isArray(raw) && raw.every((v) => typeof v === 'string'))) {
      throw badRequest(`Search parameter '${safeName(key)}' must be text`, safeName(key));
    }
    const occurrences = Array.isArray(raw) ? raw : [raw];
    if (CONTROL.has(key)) {
      if (occurrences.length > 1) throw badRequest(`Search parameter ${key} is given more than once`, key);
      applyControl(parsed, key, occurrences[0] ?? '', params);
      continue;
    }
    const [name = '', modifier, ...rest] = key.split(':');
    const def = params.get(name);
    if (!def || rest.length) {
      const known = [...params.keys()].join(', ');
      throw badRequest(`Unknown search parameter '${safeName(key)}' for ${resourceType}. Supported: ${known}`, safeName(key));
    }
    for (const occurrence of occurrences) {
      const values = splitValues(occurrence, def.name);
      if (values.length === 0) continue; // `name=` from an empty form field means "no condition"
      parsed.criteria.push({ def, anyOf: values.map((value) => parseValue(def, modifier, value)) });
      if (parsed.criteria.length > MAX_CRITERIA) throw badRequest(`Too many search conditions (at most ${MAX_CRITERIA})`);
    }
  }
  return parsed;
}

function applyControl(parsed: ParsedSearch, key: string, value: string, params: ReadonlyMap<string, SearchParamDefinition>): void {
  switch (key) {
    case '_count': {
      if (!/^\d{1,9}$/.test(value)) throw badRequest(`_count must be a whole number from 0 to ${MAX_COUNT}`, '_count');
      const count = Number(value);
      parsed.count = Math.min(count, MAX_COUNT);
      if (count === 0) parsed.countOnly = true;
      return;
    }
    case '_sort':
      parsed.sort = parseSort(value, params);
      return;
    case '_total':
      if (value !== 'none' && value !== 'estimate' && value !== 'accurate') throw badRequest('_total must be none, estimate or accurate', '_total');
      parsed.total = value;
      return;
    case '_summary':
      if (value === 'count') parsed.countOnly = true;
      else if (value !== 'false') throw badRequest('_summary supports count and false', '_summary');
      return;
    case '_elements': {
      const elements = value.split(',').map((e) => e.trim()).filter(Boolean);
      if (elements.length > 50 || elements.some((e) => !/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(e))) {
        throw badRequest('_elements takes a comma-separated list of element names', '_elements');
      }
      parsed.elements = elements;
      return;
    }
    case '_cursor':
      parsed.cursor = decodeCursor(value);
      return;
    default:
      return; // _format and _pretty change nothing: we always answer JSON
  }
}

function parseSort(value: string, params: ReadonlyMap<string, SearchParamDefinition>): SortKey[] {
  const keys = value.split(',').map((k) => k.trim()).filter(Boolean);
  if (keys.length > MAX_SORT_KEYS) throw badRequest(`_sort takes at most ${MAX_SORT_KEYS} keys`, '_sort');
  return keys.map((key) => {
    const descending = key.startsWith('-');
    const name = descending ? key.slice(1) : key;
    const def = params.get(name);
    if (!def || !def.sortable) {
      const sortable = [...params.values()].filter((d) => d.sortable).map((d) => d.name).join(', ');
      throw badRequest(`Cannot sort by '${safeName(name)}'. Sortable: ${sortable}`, '_sort');
    }
    return { def, descending };
  });
}
