import { CLINICAL_READS_OF_OWN_WRITES, type Action } from '../../shared/domain/access.js';
import type { Queryable } from '../db/database.js';
import { prepared } from '../db/prepared.js';
import type { Writer } from '../fhir/write.js';
import type { Principal } from './principal.js';

/** Who Central records as the writer of what this caller writes: the authenticated caller, nothing from the body. */
export function writerOf(principal: Principal): Writer {
  return { subject: principal.subject, organizationId: principal.organizationId };
}

const WRITER_ORG = prepared('SELECT written_by_org FROM resource_history WHERE resource_type = $1 AND id = $2 AND version_id = $3');

/**
 * Whether the caller may do `action` to this one version without the patient in reach because
 * Central recorded the caller's organisation as its writer (CLINICAL_READS_OF_OWN_WRITES). Only
 * the version itself counts: a later version written by someone else is theirs again.
 */
export async function isOwnWrite(
  q: Queryable,
  principal: Principal,
  action: Action,
  version: { resourceType: string; id: string; versionId: number },
): Promise<boolean> {
  if (principal.organizationId === undefined) return false;
  if (!principal.roles.some((role) => CLINICAL_READS_OF_OWN_WRITES[role].includes(action))) return false;
  const { rows } = await q.query<{ written_by_org: string | null }>(WRITER_ORG, [version.resourceType, version.id, version.versionId]);
  return rows[0]?.written_by_org === principal.organizationId;
}
