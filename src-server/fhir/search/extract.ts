import type { Resource } from '@medplum/fhirtypes';
import { nameSearchKeys } from '../../../shared/domain/names.js';
import { dateRange, periodRange, type DateRange } from './dates.js';
import { indexedParametersFor, type SearchParamDefinition } from './definitions.js';

/**
 * Turns one resource into its search-index rows, following the parameter definitions. Pure: the
 * index writer stores what this returns, and tests can check it without a database.
 */
export interface TokenRow { param: string; system: string | null; code: string }
export interface StringRow { param: string; value: string; raw: string }
export interface DateRow { param: string; low: string; high: string }
export interface ReferenceRow { param: string; targetType: string; targetId: string }

export interface IndexRows {
  token: TokenRow[];
  string: StringRow[];
  date: DateRow[];
  reference: ReferenceRow[];
}

/**
 * Index values are capped so a hostile resource cannot exceed a btree entry (about 2.7 kB); the
 * query side caps its values the same way, so a capped value still finds itself.
 */
export const MAX_INDEXED_LENGTH = 256;

export function capIndexed(text: string): string {
  // NUL cannot be stored in PostgreSQL text.
  const clean = text.includes('\u0000') ? text.replace(/\u0000/g, '') : text;
  return clean.length > MAX_INDEXED_LENGTH ? clean.slice(0, MAX_INDEXED_LENGTH) : clean;
}

export function extractIndexRows(resource: Resource): IndexRows {
  const rows: IndexRows = { token: [], string: [], date: [], reference: [] };
  for (const def of indexedParametersFor(resource.resourceType)) {
    switch (def.kind) {
      case 'token':
        rows.token.push(...unique(valuesOf(resource, def).flatMap((v) => tokensOf(v, def)).map((t) => ({ param: def.name, ...t })), (r) => `${r.system}|${r.code}`));
        break;
      case 'string':
        rows.string.push(...unique(valuesOf(resource, def).flatMap(stringsOf).flatMap((raw) => stringRows(def.name, raw)), (r) => `${r.value}\u0001${r.raw}`));
        break;
      case 'date':
        rows.date.push(...firstPresentDates(resource, def).map((range) => ({ param: def.name, ...range })));
        break;
      case 'reference':
        rows.reference.push(...unique(valuesOf(resource, def).flatMap((v) => referenceOf(v, def)).map((r) => ({ param: def.name, ...r })), (r) => `${r.targetType}/${r.targetId}`));
        break;
    }
  }
  return rows;
}

function unique<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Every value at the definition's paths; arrays met on the way are walked. */
function valuesOf(resource: Resource, def: SearchParamDefinition): unknown[] {
  return def.paths.flatMap((path) => valuesAt(resource, path));
}

const pathSteps = new Map<string, readonly string[]>();

export function valuesAt(root: unknown, path: string): unknown[] {
  let steps = pathSteps.get(path);
  if (!steps) pathSteps.set(path, (steps = path.split('.')));
  let current: unknown[] = [root];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const node of current) {
      if (!isObject(node)) continue;
      const value = node[step];
      if (Array.isArray(value)) next.push(...value.filter((v) => v !== null && v !== undefined));
      else if (value !== null && value !== undefined) next.push(value);
    }
    current = next;
  }
  return current;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A code, Coding, CodeableConcept, Identifier, ContactPoint or boolean as (system, code) pairs. */
function tokensOf(value: unknown, def: SearchParamDefinition): { system: string | null; code: string }[] {
  if (typeof value === 'string') return value ? [{ system: null, code: capIndexed(value) }] : [];
  if (typeof value === 'boolean') return [{ system: null, code: String(value) }];
  if (!isObject(value)) return [];
  if (def.where && !Object.entries(def.where).every(([k, v]) => value[k] === v)) return [];
  if (Array.isArray(value.coding)) return value.coding.flatMap((coding) => tokensOf(coding, def));
  const code = typeof value.code === 'string' ? value.code : typeof value.value === 'string' ? value.value : undefined;
  if (!code) return [];
  return [{ system: typeof value.system === 'string' ? capIndexed(value.system) : null, code: capIndexed(code) }];
}

/** A string, a HumanName (every part) or an Address (every part) as the strings to index. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (!isObject(value)) return [];
  const parts: string[] = [];
  for (const key of ['family', 'given', 'prefix', 'suffix', 'text', 'line', 'city', 'district', 'state', 'postalCode', 'country']) {
    const part = value[key];
    if (typeof part === 'string') parts.push(part);
    else if (Array.isArray(part)) parts.push(...part.filter((p): p is string => typeof p === 'string'));
  }
  return parts;
}

/** One row per search key of the string; `raw` keeps the original for :exact and sorting. */
function stringRows(param: string, text: string): StringRow[] {
  const raw = capIndexed(text);
  return nameSearchKeys(text).map((key) => ({ param, value: key.slice(0, MAX_INDEXED_LENGTH), raw }));
}

function firstPresentDates(resource: Resource, def: SearchParamDefinition): DateRange[] {
  for (const path of def.paths) {
    const ranges = valuesAt(resource, path).flatMap((value) => {
      const range = typeof value === 'string' ? dateRange(value) : isObject(value) ? periodRange(value) : undefined;
      return range ? [range] : [];
    });
    if (ranges.length) return ranges;
  }
  return [];
}

const REFERENCE_PATTERN = /(?:^|\/)([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;

/** `Type/id` (relative or absolute) into its parts; contained (#x) and logical references are skipped. */
export function parseReference(reference: string): { targetType: string; targetId: string } | undefined {
  const m = REFERENCE_PATTERN.exec(reference);
  return m ? { targetType: m[1]!, targetId: m[2]! } : undefined;
}

function referenceOf(value: unknown, def: SearchParamDefinition): { targetType: string; targetId: string }[] {
  if (!isObject(value) || typeof value.reference !== 'string') return [];
  const parsed = parseReference(value.reference);
  if (!parsed || (def.targets && !def.targets.includes(parsed.targetType))) return [];
  return [parsed];
}
