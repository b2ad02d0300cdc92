import { randomUUID } from 'node:crypto';
import type { Provenance } from '@medplum/fhirtypes';
import { CLIENT_SYSTEM, SUBMISSION_SYSTEM } from './source.js';

/** Who sent a feed, through which system, in which submission, received when. */
export interface FeedOrigin {
  organizationId: string;
  organizationName: string;
  clientId: string;
  clientDisplay: string;
  submissionId: string;
  receivedAt: Date;
  /** meta.source of everything this submission writes. */
  source: string;
}

const PARTICIPANT = 'http://terminology.hl7.org/CodeSystem/provenance-participant-type';

/**
 * The Provenance of what one submission wrote about one person (or of its records that belong to
 * no person): the institution as author, its system as assembler, the submission as source, and
 * the time Central received it. Targets name the exact versions written.
 */
export function feedProvenance(origin: FeedOrigin, targets: readonly string[], activity: 'CREATE' | 'UPDATE'): Provenance & { id: string } {
  return {
    resourceType: 'Provenance',
    id: randomUUID(),
    meta: { source: origin.source },
    target: targets.map((reference) => ({ reference })),
    recorded: origin.receivedAt.toISOString(),
    activity: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation', code: activity }] },
    agent: [
      { type: { coding: [{ system: PARTICIPANT, code: 'author' }] }, who: { reference: `Organization/${origin.organizationId}`, display: origin.organizationName } },
      {
        type: { coding: [{ system: PARTICIPANT, code: 'assembler' }] },
        who: { identifier: { system: CLIENT_SYSTEM, value: origin.clientId }, display: origin.clientDisplay },
        onBehalfOf: { reference: `Organization/${origin.organizationId}` },
      },
    ],
    entity: [{ role: 'source', what: { identifier: { system: SUBMISSION_SYSTEM, value: origin.submissionId } } }],
  };
}
