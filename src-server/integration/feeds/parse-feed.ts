import type { BundleEntry, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { CLINICAL_TYPES } from '../../../shared/domain/access.js';
import { OperationOutcomeError, badRequest } from '../../../shared/fhir/outcomes.js';
import { validateInPool } from '../../fhir/validation-pool.js';
import { validateIncoming } from '../../fhir/validation.js';
import { sourceKeyOf } from './source.js';

/** One record of a feed, validated, with the institution's key for it. */
export interface FeedEntry {
  index: number;
  fullUrl: string | undefined;
  resource: Resource;
  sourceKey: string;
}

/** A feed is split into bundles of at most this many entries (one transaction each). */
export const MAX_FEED_ENTRIES = 1000;
/** What institutions send: their patients, what they recorded about them, and who and where recorded it. */
export const FEED_TYPES: ReadonlySet<string> = new Set(['Patient', 'Practitioner', 'PractitionerRole', 'Organization', 'Location', ...CLINICAL_TYPES]);
const MAX_ISSUES = 50;

/**
 * The bundle's entries, or a 400 OperationOutcome listing every entry that is wrong and why. The
 * R4 validation runs in Central's worker pool (fhir/validation-pool.ts), all entries at once.
 */
export async function parseFeedBundle(body: unknown): Promise<FeedEntry[]> {
  const bundle = body as { resourceType?: unknown; type?: unknown; entry?: unknown } | undefined;
  if (!bundle || typeof bundle !== 'object' || bundle.resourceType !== 'Bundle') throw badRequest('A feed is a FHIR Bundle', 'resourceType');
  if (!['transaction', 'batch', 'collection'].includes(String(bundle.type))) throw badRequest('A feed bundle is of type transaction, batch or collection', 'Bundle.type');
  if (!Array.isArray(bundle.entry) || bundle.entry.length === 0) throw badRequest('The bundle has no entries', 'Bundle.entry');
  if (bundle.entry.length > MAX_FEED_ENTRIES) throw badRequest(`A feed bundle holds at most ${MAX_FEED_ENTRIES} entries; split the feed`, 'Bundle.entry');

  const copies = (bundle.entry as BundleEntry[]).map((entry) => (entry && typeof entry === 'object' && entry.resource ? structuredClone(entry.resource) : undefined));
  await validateInPool(copies);
  const issues: OperationOutcomeIssue[] = [];
  const entries: FeedEntry[] = [];
  const keys = new Map<string, number>();
  (bundle.entry as BundleEntry[]).forEach((entry, index) => {
    const at = `Bundle.entry[${index}]`;
    try {
      if (!entry || typeof entry !== 'object' || !entry.resource) throw badRequest('An entry needs a resource', 'resource');
      if (entry.request && entry.request.method !== 'POST' && entry.request.method !== 'PUT') {
        throw badRequest('A feed entry is sent with POST or PUT; to withdraw a record, send it with status entered-in-error', 'request.method');
      }
      const resource = validateIncoming(copies[index]);
      if (!FEED_TYPES.has(resource.resourceType)) throw badRequest(`A feed does not carry ${resource.resourceType} resources`, 'resource.resourceType');
      const sourceKey = sourceKeyOf(resource);
      if (!sourceKey) throw badRequest('Each record needs your identifier (identifier with system and value) or your id, so that a resend is recognised', 'resource.identifier');
      const first = keys.get(sourceKey);
      if (first !== undefined) throw badRequest(`The same record (${sourceKey}) is sent twice; entry ${first} has it already`, 'resource.identifier');
      keys.set(sourceKey, index);
      entries.push({ index, fullUrl: typeof entry.fullUrl === 'string' ? entry.fullUrl : undefined, resource, sourceKey });
    } catch (error) {
      if (!(error instanceof OperationOutcomeError)) throw error;
      for (const issue of error.outcome.issue ?? []) issues.push({ ...issue, expression: [`${at}${issue.expression?.[0] ? `.${issue.expression[0]}` : ''}`] });
    }
  });
  if (issues.length > 0) throw new OperationOutcomeError(400, { resourceType: 'OperationOutcome', issue: issues.slice(0, MAX_ISSUES) });
  return entries;
}
