import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import type { StoredVersion } from './read.js';
import type { WriteResult } from './write.js';

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
};

export function statusLine(status: number): string {
  return `${status} ${REASONS[status] ?? ''}`.trim();
}

export const etagOf = (versionId: number | string) => `W/"${versionId}"`;

/** The Location of a version: Type/id/_history/n, absolute. */
export function locationOf(baseUrl: string, resourceType: string, id: string, versionId: number): string {
  return `${baseUrl}/${resourceType}/${id}/_history/${versionId}`;
}

/** The HTTP Last-Modified form of an instant. */
export function httpDate(instant: string): string {
  return new Date(instant).toUTCString();
}

/** A batch/transaction response entry for a write (or a conditional create's match). */
export function entryResponse(result: WriteResult, baseUrl: string, minimal: boolean): BundleEntry {
  const entry: BundleEntry = {
    response: {
      status: result.deleted ? statusLine(200) : statusLine(result.status),
      etag: etagOf(result.versionId),
      lastModified: result.lastUpdated,
      ...(result.deleted ? {} : { location: `${result.resourceType}/${result.id}/_history/${result.versionId}` }),
    },
  };
  if (!result.deleted) entry.fullUrl = `${baseUrl}/${result.resourceType}/${result.id}`;
  if (!minimal && result.resource && !result.deleted) entry.resource = result.resource;
  return entry;
}

/** A history Bundle: newest first, deletions as entries without a resource. */
export function historyBundle(versions: readonly StoredVersion[], baseUrl: string, selfUrl: string, nextUrl: string | undefined): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'history',
    link: [{ relation: 'self', url: selfUrl }, ...(nextUrl ? [{ relation: 'next', url: nextUrl }] : [])],
    entry: versions.map((version) => ({
      fullUrl: `${baseUrl}/${version.resourceType}/${version.id}`,
      ...(version.deleted ? {} : { resource: version.resource }),
      request: {
        method: version.deleted ? 'DELETE' : version.versionId === 1 ? 'POST' : 'PUT',
        url: version.versionId === 1 && !version.deleted ? version.resourceType : `${version.resourceType}/${version.id}`,
      },
      response: { status: statusLine(version.deleted ? 200 : version.versionId === 1 ? 201 : 200), etag: etagOf(version.versionId), lastModified: version.lastUpdated },
    })),
  };
}
