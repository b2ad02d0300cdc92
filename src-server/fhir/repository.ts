import { randomUUID } from 'node:crypto';
import type { Resource } from '@medplum/fhirtypes';
import { badRequest, OperationOutcomeError, preconditionFailed } from '../../shared/fhir/outcomes.js';
import type { Queryable } from '../db/database.js';
import { patientCompartmentOf } from '../../shared/fhir/compartment.js';
import { readResource } from './read.js';
import { parseSearch } from './search/parse.js';
import { searchResources } from './search/search.js';
import { validateIncoming } from './validation.js';
import { writeResources, type Writer, type WriteResult } from './write.js';

/**
 * The single-resource interactions of the REST API, each inside a transaction the caller opens (so
 * the audit record commits with the write). Bundles use the same pieces in bulk (bundles.ts).
 */

/** A resource from a create body: validated, its type matching the URL, a fresh server id. */
export function prepareCreate(body: unknown, urlType: string): Resource & { id: string } {
  const resource = validateIncoming(body);
  if (resource.resourceType !== urlType) throw badRequest(`The body is a ${resource.resourceType}, the URL names ${urlType}`, 'resourceType');
  // The server assigns ids on create; a client-chosen id is what update-as-create is for.
  return { ...resource, id: randomUUID() };
}

/** A resource from an update body: validated, type and id matching the URL. */
export function prepareUpdate(body: unknown, urlType: string, urlId: string): Resource & { id: string } {
  const resource = validateIncoming(body);
  if (resource.resourceType !== urlType) throw badRequest(`The body is a ${resource.resourceType}, the URL names ${urlType}`, 'resourceType');
  if (resource.id === undefined) throw badRequest('An update must carry the id of the URL in the body', `${urlType}.id`);
  if (resource.id !== urlId) throw badRequest('The id in the body differs from the id in the URL', `${urlType}.id`);
  return { ...resource, id: urlId };
}

/** The version an If-Match header names (W/"3" or "3"); a 400 for anything else. */
export function parseIfMatch(header: unknown): number | undefined {
  if (header === undefined || header === '') return undefined;
  const match = typeof header === 'string' ? /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim()) : null;
  if (!match) throw badRequest('If-Match must be an ETag such as W/"3"');
  return Number(match[1]);
}

export function parseConditionQuery(text: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  const params = new URLSearchParams(text.startsWith('?') ? text.slice(1) : text.includes('?') ? text.slice(text.indexOf('?') + 1) : text);
  for (const [name, value] of params) {
    const previous = query[name];
    query[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  if (Object.keys(query).length === 0) throw badRequest('If-None-Exist must be a search query such as identifier=system|value');
  return query;
}

/**
 * The existing resource a conditional create matches: undefined when there is none, a 412 when
 * the condition is ambiguous (more than one match).
 */
export async function findConditionalMatch(tx: Queryable, resourceType: string, condition: string, baseUrl: string): Promise<Resource | undefined> {
  const criteria = parseConditionQuery(condition);
  // A condition names what the resource is; paging and shaping parameters would only blur that.
  if (Object.keys(criteria).some((name) => name.startsWith('_') && name !== '_id' && name !== '_lastUpdated')) {
    throw badRequest('If-None-Exist takes search criteria only, such as identifier=system|value');
  }
  if (parseSearch(resourceType, criteria).criteria.length === 0) throw badRequest('If-None-Exist names no criterion');
  const query = { ...criteria, _count: '2' };
  const { bundle } = await searchResources(tx, resourceType, query, { baseUrl });
  const matches = (bundle.entry ?? []).filter((entry) => entry.resource && entry.search?.mode !== 'include');
  if (matches.length > 1) throw preconditionFailed('If-None-Exist matches more than one resource');
  const match = matches[0]?.resource;
  // The search index may lag a deletion in its own tables; the store has the last word.
  return match?.id ? (await readResource(tx, resourceType, match.id)).resource : undefined;
}

export interface CreateOutcome {
  result: WriteResult;
  /** True when a conditional create found the resource instead of writing one. */
  matched: boolean;
}

/**
 * Creates, or with `ifNoneExist` finds the resource the condition names. Two conditional creates of
 * one person racing each other both search, find nothing and write; the database lets one claim
 * the personal number and refuses the other with a 409, which then rolls back to before its write
 * and searches again, finding the winner. So both callers get the same Patient.
 */
export async function createResource(
  tx: Queryable,
  resource: Resource & { id: string },
  now: Date,
  options: { ifNoneExist?: string | undefined; baseUrl: string; writer?: Writer | undefined },
): Promise<CreateOutcome> {
  const write = async () => ({ result: (await writeResources(tx, [{ kind: 'create', resource }], now, { writer: options.writer }))[0]!, matched: false });
  const { ifNoneExist, baseUrl } = options;
  if (!ifNoneExist) return write();
  const existing = await findConditionalMatch(tx, resource.resourceType, ifNoneExist, baseUrl);
  if (existing) return { result: resultOf(existing), matched: true };
  await tx.query('SAVEPOINT conditional_create');
  try {
    const created = await write();
    await tx.query('RELEASE SAVEPOINT conditional_create');
    return created;
  } catch (error) {
    if (!(error instanceof OperationOutcomeError) || error.status !== 409) throw error;
    await tx.query('ROLLBACK TO SAVEPOINT conditional_create');
    const winner = await findConditionalMatch(tx, resource.resourceType, ifNoneExist, baseUrl);
    if (winner) return { result: resultOf(winner), matched: true };
    throw error;
  }
}

export async function updateResource(tx: Queryable, resource: Resource & { id: string }, now: Date, ifMatch?: number, writer?: Writer): Promise<WriteResult> {
  const [result] = await writeResources(tx, [{ kind: 'update', resource, ifMatch }], now, { writer });
  return result!;
}

export async function deleteResource(tx: Queryable, resourceType: string, id: string, now: Date, writer?: Writer): Promise<WriteResult> {
  const [result] = await writeResources(tx, [{ kind: 'delete', resourceType, id }], now, { writer });
  return result!;
}

/** A stored resource described as a write result (for conditional-create matches). */
export function resultOf(resource: Resource): WriteResult {
  return {
    resourceType: resource.resourceType,
    id: resource.id!,
    versionId: Number(resource.meta?.versionId ?? 1),
    lastUpdated: resource.meta?.lastUpdated ?? new Date(0).toISOString(),
    status: 200,
    deleted: false,
    patientId: patientCompartmentOf(resource),
    resource,
    unchanged: true,
  };
}
