import type { Bundle } from '@medplum/fhirtypes';
import type { Queryable } from '../../db/database.js';

// CONTRACT (owned by the search module; replaced by its implementation):
export interface SearchOptions {
  /** Base URL for fullUrl and paging links, e.g. http://127.0.0.1:8080/fhir */
  baseUrl: string;
  /** When set, only resources in these patients' compartments are returned (cabinet, scoped clinics). */
  restrictToPatients?: readonly string[] | undefined;
}

export interface SearchOutcome {
  bundle: Bundle;
  /** The patients whose data the page holds, for the audit trail. */
  patientIds: string[];
}

/**
 * Runs a FHIR search. `query` is the parsed query string (repeated params are arrays). An unknown
 * or malformed parameter throws a 400 OperationOutcomeError naming it. Returns a searchset Bundle
 * with `total`, `self` and `next` links, entries with `search.mode = match`.
 */
export async function searchResources(
  _db: Queryable,
  _resourceType: string,
  _query: Record<string, string | string[] | undefined>,
  _options: SearchOptions,
): Promise<SearchOutcome> {
  throw new Error('search not implemented yet');
}
