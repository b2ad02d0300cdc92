import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { OperationOutcomeError, badRequest, forbidden } from '../../shared/fhir/outcomes.js';
import type { Action } from '../../shared/domain/access.js';
import { parseIfMatch, prepareCreate, prepareUpdate } from './repository.js';
import { FHIR_ID_PATTERN, requireStoredType } from './resource-types.js';

/** Bigger bundles are split by the client; this bounds the work one request can ask for. */
export const MAX_BUNDLE_ENTRIES = 1000;

/** One entry of a batch or transaction, parsed and checked, before anything is written. */
export type ParsedEntry =
  | { index: number; method: 'POST'; resourceType: string; resource: Resource & { id: string }; fullUrl?: string | undefined; ifNoneExist?: string | undefined }
  | { index: number; method: 'PUT'; resourceType: string; resource: Resource & { id: string }; fullUrl?: string | undefined; ifMatch?: number | undefined }
  | { index: number; method: 'DELETE'; resourceType: string; id: string }
  | { index: number; method: 'GET'; resourceType: string; id?: string | undefined; versionId?: number | undefined; query?: string | undefined };

export const ACTION_OF: Record<ParsedEntry['method'], (entry: ParsedEntry) => Action> = {
  POST: () => 'create',
  PUT: () => 'update',
  DELETE: () => 'delete',
  GET: (entry) => (entry.method === 'GET' && entry.id === undefined ? 'search' : 'read'),
};

/** The bundle's type and entries, or a 400 saying what is wrong with its shape. */
export function parseBundle(body: unknown): { type: 'batch' | 'transaction'; entries: BundleEntry[] } {
  const bundle = body as Bundle | undefined;
  if (!bundle || typeof bundle !== 'object' || bundle.resourceType !== 'Bundle') throw badRequest('POST to the base URL takes a Bundle of type batch or transaction', 'resourceType');
  if (bundle.type !== 'batch' && bundle.type !== 'transaction') throw badRequest('Only batch and transaction bundles are processed here', 'Bundle.type');
  if (bundle.entry !== undefined && !Array.isArray(bundle.entry)) throw badRequest('Bundle.entry must be a list', 'Bundle.entry');
  const entries = bundle.entry ?? [];
  if (entries.length > MAX_BUNDLE_ENTRIES) throw badRequest(`A bundle may hold at most ${MAX_BUNDLE_ENTRIES} entries`, 'Bundle.entry');
  return { type: bundle.type, entries };
}

/** Parses one entry; errors name the entry (`Bundle.entry[i]`). */
export function parseEntry(entry: BundleEntry, index: number): ParsedEntry {
  try {
    return parseEntryUnlabelled(entry, index);
  } catch (error) {
    throw atEntry(error, index);
  }
}

function parseEntryUnlabelled(entry: BundleEntry, index: number): ParsedEntry {
  if (!entry || typeof entry !== 'object') throw badRequest('An entry must be an object');
  const request = entry.request;
  if (!request || typeof request.url !== 'string' || typeof request.method !== 'string') throw badRequest('An entry needs request.method and request.url', 'request');
  const url = request.url.replace(/^\/+/, '');
  const [path = '', query] = splitQuery(url);
  const segments = path.split('/');
  // The audit trail is not in the store: nobody changes it, and it is read at /fhir/AuditEvent.
  if (segments[0] === 'AuditEvent') {
    throw forbidden(request.method === 'GET' ? 'The audit trail is read at GET /fhir/AuditEvent, not through a bundle' : 'Audit records cannot be created, changed or deleted');
  }
  const resourceType = requireStoredType(segments[0]);
  const fullUrl = typeof entry.fullUrl === 'string' ? entry.fullUrl : undefined;
  switch (request.method) {
    case 'POST':
      if (segments.length !== 1 || query !== undefined) throw badRequest('A POST entry names only the resource type (Patient)', 'request.url');
      return { index, method: 'POST', resourceType, resource: prepareCreate(entry.resource, resourceType), fullUrl, ifNoneExist: request.ifNoneExist || undefined };
    case 'PUT': {
      if (segments.length !== 2 || query !== undefined) throw badRequest('A PUT entry names Type/id (conditional update is not supported)', 'request.url');
      const id = requireEntryId(segments[1]);
      return { index, method: 'PUT', resourceType, resource: prepareUpdate(entry.resource, resourceType, id), fullUrl, ifMatch: parseIfMatch(request.ifMatch) };
    }
    case 'DELETE':
      if (segments.length !== 2 || query !== undefined) throw badRequest('A DELETE entry names Type/id (conditional delete is not supported)', 'request.url');
      return { index, method: 'DELETE', resourceType, id: requireEntryId(segments[1]) };
    case 'GET':
      if (segments.length === 1) return { index, method: 'GET', resourceType, query: query ?? '' };
      if (segments.length === 2 && query === undefined) return { index, method: 'GET', resourceType, id: requireEntryId(segments[1]) };
      if (segments.length === 4 && segments[2] === '_history' && /^\d{1,9}$/.test(segments[3] ?? '') && query === undefined) {
        return { index, method: 'GET', resourceType, id: requireEntryId(segments[1]), versionId: Number(segments[3]) };
      }
      throw badRequest('A GET entry reads Type/id, Type/id/_history/n or searches Type?params', 'request.url');
    default:
      throw badRequest('request.method must be GET, POST, PUT or DELETE', 'request.method');
  }
}

function splitQuery(url: string): [string, string | undefined] {
  const at = url.indexOf('?');
  return at < 0 ? [url, undefined] : [url.slice(0, at), url.slice(at + 1)];
}

function requireEntryId(value: string | undefined): string {
  if (value && FHIR_ID_PATTERN.test(value)) return value;
  throw badRequest('The id in request.url is not a valid FHIR id', 'request.url');
}

/** Adds the entry's position to an error so the sender knows which of fifty resources failed. */
export function atEntry(error: unknown, index: number): unknown {
  if (!(error instanceof OperationOutcomeError)) return error;
  const issue = (error.outcome.issue ?? []).map((item) => ({
    ...item,
    expression: [`Bundle.entry[${index}]`, ...(item.expression ?? [])],
  }));
  return new OperationOutcomeError(error.status, { ...error.outcome, issue });
}
