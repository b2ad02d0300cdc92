import type { Bundle, BundleLink, Resource } from '@medplum/fhirtypes';
import type { ParsedSearch } from './parse.js';

/** What a search found for one page, before it is written as a Bundle. */
export interface SearchPage {
  resources: Resource[];
  patientIds: string[];
  total: number | undefined;
  /** Encoded cursors of the neighbouring pages, when there are any. */
  next: string | undefined;
  previous: string | undefined;
}

/** Elements every subsetted resource keeps, whatever `_elements` says (FHIR R4 3.1.1.5.9). */
const MANDATORY = new Set(['resourceType', 'id', 'meta']);
const SUBSETTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' };

/** The searchset Bundle of a page: entries, total, and links that repeat the query with a cursor. */
export function searchsetBundle(parsed: ParsedSearch, query: Record<string, string | string[] | undefined>, page: SearchPage, baseUrl: string): Bundle {
  const link: BundleLink[] = [{ relation: 'self', url: pageUrl(baseUrl, parsed.resourceType, query, rawCursor(query)) }];
  if (page.next) link.push({ relation: 'next', url: pageUrl(baseUrl, parsed.resourceType, query, page.next) });
  if (page.previous) link.push({ relation: 'previous', url: pageUrl(baseUrl, parsed.resourceType, query, page.previous) });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(page.total === undefined ? {} : { total: page.total }),
    link,
    entry: page.resources.map((resource) => ({
      fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id}`,
      resource: parsed.elements ? subset(resource, parsed.elements) : resource,
      search: { mode: 'match' },
    })),
  };
}

function rawCursor(query: Record<string, string | string[] | undefined>): string | undefined {
  return typeof query._cursor === 'string' ? query._cursor : undefined;
}

/** The query as received, its cursor replaced; values are re-encoded, never pasted. */
function pageUrl(baseUrl: string, resourceType: string, query: Record<string, string | string[] | undefined>, cursor: string | undefined): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (name === '_cursor' || value === undefined) continue;
    for (const one of [value].flat()) params.append(name, one);
  }
  if (cursor) params.append('_cursor', cursor);
  const text = params.toString();
  return `${baseUrl}/${resourceType}${text ? `?${text}` : ''}`;
}

/** The resource with only the named top-level elements (and the mandatory ones), tagged SUBSETTED. */
export function subset(resource: Resource, elements: readonly string[]): Resource {
  const keep = new Set([...MANDATORY, ...elements]);
  const kept = Object.fromEntries(Object.entries(resource).filter(([name]) => keep.has(name))) as Resource;
  kept.meta = { ...resource.meta, tag: [...(resource.meta?.tag ?? []), SUBSETTED] };
  return kept;
}
