import { createHash } from 'node:crypto';
import type { Identifier, Resource } from '@medplum/fhirtypes';

/**
 * Where a record came from, in two forms. The source key is the institution's own name for a
 * record (`Observation|<its identifier system>|<value>`, or `Observation|id|<its id>` when the
 * record has no identifier): the same key sent again is the same record. meta.source names the
 * institution, its system and the submission that brought the current version.
 */
export const FEED_SOURCE_BASE = 'https://medkarta.by/fhir/source/feed';
/** Identifier system of institution clients (Provenance.agent.who). */
export const CLIENT_SYSTEM = 'https://medkarta.by/fhir/sid/institution-client';
/** Identifier system of feed submissions (Provenance.entity.what). */
export const SUBMISSION_SYSTEM = 'https://medkarta.by/fhir/sid/feed-submission';

export function feedSource(organizationId: string, clientId: string, submissionId: string): string {
  return `${FEED_SOURCE_BASE}/${encodeURIComponent(organizationId)}/${encodeURIComponent(clientId)}#${encodeURIComponent(submissionId)}`;
}

/** The parts of a meta.source written by feedSource; undefined for any other source. */
export function parseFeedSource(source: string | undefined): { organizationId: string; clientId: string; submissionId: string } | undefined {
  if (!source?.startsWith(`${FEED_SOURCE_BASE}/`)) return undefined;
  const match = /^([^/#]+)\/([^/#]+)#(.+)$/.exec(source.slice(FEED_SOURCE_BASE.length + 1));
  return match ? { organizationId: decodeURIComponent(match[1]!), clientId: decodeURIComponent(match[2]!), submissionId: decodeURIComponent(match[3]!) } : undefined;
}

export function identifierKey(resourceType: string, identifier: Identifier): string | undefined {
  return identifier.system && identifier.value ? `${resourceType}|${identifier.system}|${identifier.value}` : undefined;
}

/** The institution's key of a record: its first identifier with a system, else its id. */
export function sourceKeyOf(resource: Resource): string | undefined {
  const identifiers = (resource as { identifier?: Identifier[] | Identifier }).identifier;
  for (const identifier of Array.isArray(identifiers) ? identifiers : identifiers ? [identifiers] : []) {
    const key = identifierKey(resource.resourceType, identifier);
    if (key) return key;
  }
  return resource.id ? `${resource.resourceType}|id|${resource.id}` : undefined;
}

/** A hash of what a record says (not of its id or meta), with object keys in a fixed order. */
export function contentHash(resource: Resource): string {
  const { id: _id, meta: _meta, ...content } = resource as Resource & { meta?: unknown };
  return createHash('sha256').update(canonicalJson(content)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Records an institution withdraws by sending them again as entered-in-error. */
export function isEnteredInError(resource: Resource): boolean {
  const r = resource as { status?: string; verificationStatus?: { coding?: { code?: string }[] } };
  return r.status === 'entered-in-error' || (r.verificationStatus?.coding ?? []).some((coding) => coding.code === 'entered-in-error');
}
