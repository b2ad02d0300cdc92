import type { Identifier, Reference, Resource } from '@medplum/fhirtypes';
import { checkPersonalNumber, normalizePersonalNumber } from '../../../shared/domain/personal-number.js';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import type { FeedEntry } from './parse-feed.js';
import { identifierKey } from './source.js';

/**
 * References inside a feed, and what each one points at. An institution points at its own records
 * the ways FHIR allows: a bundle fullUrl (urn:uuid:...), Type/its-id, a conditional
 * Type?identifier=system|value, or, for a person, a logical reference by personal number. Each is
 * resolved to another entry of the bundle, a record Central already has (from an earlier feed of
 * the same institution, or by Central's id), or the person with that personal number.
 */
export type Target =
  | { kind: 'entry'; index: number }
  | { kind: 'central'; reference: string }
  | { kind: 'personal-number'; value: string }
  /** Contained (#id) and absolute URLs are left as they are. */
  | { kind: 'as-is' };

export interface FoundReference {
  /** The Reference object inside the entry's resource (rewritten in place later). */
  reference: Reference;
  /** Where in the resource, for error messages. */
  path: string;
}

/** Every Reference in a resource: objects with a string `reference`, or a lone `identifier`. */
export function referencesIn(resource: Resource): FoundReference[] {
  const found: FoundReference[] = [];
  const visit = (node: unknown, path: string) => {
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${path}[${i}]`));
    if (!node || typeof node !== 'object') return;
    const object = node as Record<string, unknown>;
    const logical = object.identifier && typeof object.identifier === 'object' && !Array.isArray(object.identifier) && Object.keys(object).every((k) => ['identifier', 'type', 'display'].includes(k));
    if (typeof object.reference === 'string' || (logical && path !== resource.resourceType)) {
      found.push({ reference: object as Reference, path });
      return;
    }
    for (const [key, value] of Object.entries(object)) if (key !== 'contained') visit(value, `${path}.${key}`);
  };
  visit(resource, resource.resourceType);
  return found;
}

/** The names under which other entries of the same bundle may refer to an entry. */
export function bundleNames(entries: readonly FeedEntry[]): Map<string, number> {
  const names = new Map<string, number>();
  for (const entry of entries) {
    const { resource } = entry;
    if (entry.fullUrl) names.set(entry.fullUrl, entry.index);
    if (resource.id) names.set(`${resource.resourceType}/${resource.id}`, entry.index);
    const identifiers = (resource as { identifier?: Identifier[] | Identifier }).identifier;
    for (const identifier of Array.isArray(identifiers) ? identifiers : identifiers ? [identifiers] : []) {
      const key = identifierKey(resource.resourceType, identifier);
      if (key) names.set(key, entry.index);
    }
  }
  return names;
}

const PERSONAL_NUMBER_KEY = `Patient|${SYSTEMS.personalNumber}|`;
const RELATIVE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/;
const CONDITIONAL = /^([A-Z][A-Za-z]+)\?identifier=([^&]+)$/;

/**
 * The key under which a reference is looked up, in the bundle's names and then in Central's
 * records of the institution: the reference text itself, or `Type|system|value`.
 */
export function lookupKeyOf(reference: Reference): string | undefined {
  const text = reference.reference;
  if (text === undefined) {
    const type = reference.type ?? (reference.identifier?.system === SYSTEMS.personalNumber ? 'Patient' : undefined);
    return type && reference.identifier ? identifierKey(type, reference.identifier) : undefined;
  }
  const conditional = CONDITIONAL.exec(text);
  if (conditional) {
    const token = decodeURIComponent(conditional[2]!);
    const bar = token.indexOf('|');
    return bar > 0 ? `${conditional[1]}|${token.slice(0, bar)}|${token.slice(bar + 1)}` : undefined;
  }
  return text;
}

/** Institution keys of a relative reference to its own id (`Observation/abc` → `Observation|id|abc`). */
export function ownIdKeyOf(text: string | undefined): string | undefined {
  const relative = text ? RELATIVE.exec(text) : null;
  return relative ? `${relative[1]}|id|${relative[2]}` : undefined;
}

/**
 * What a reference points at, or a message saying why it points at nothing. `known` maps the
 * institution's keys to Central references; `existing` holds the Central Type/id references that exist.
 */
export function targetOf(reference: Reference, names: ReadonlyMap<string, number>, known: ReadonlyMap<string, string>, existing: ReadonlySet<string>): Target | string {
  const text = reference.reference;
  if (text?.startsWith('#') || /^https?:\/\//.test(text ?? '')) return { kind: 'as-is' };
  const key = lookupKeyOf(reference);
  if (key === undefined) return 'The reference is neither Type/id, a bundle fullUrl, Type?identifier=system|value nor a logical identifier';
  const inBundle = names.get(key);
  if (inBundle !== undefined) return { kind: 'entry', index: inBundle };
  if (key.startsWith(PERSONAL_NUMBER_KEY)) {
    const value = normalizePersonalNumber(key.slice(PERSONAL_NUMBER_KEY.length));
    const check = checkPersonalNumber(value);
    return check.ok ? { kind: 'personal-number', value } : `The personal number in the reference is wrong: ${check.message}`;
  }
  const earlier = known.get(key) ?? known.get(ownIdKeyOf(text) ?? '');
  if (earlier) return { kind: 'central', reference: earlier };
  if (text && RELATIVE.test(text) && existing.has(text)) return { kind: 'central', reference: text };
  return `The reference ${text ? 'names' : 'identifies'} nothing in this bundle, in your earlier feeds or in Central`;
}
