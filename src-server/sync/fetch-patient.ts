import type { Resource } from '@medplum/fhirtypes';
import { isAllowed } from '../../shared/domain/access.js';
import { forbidden, notFound } from '../../shared/fhir/outcomes.js';
import type { FetchPatientRequest } from '../../shared/sync/protocol.js';
import { recordAudit } from '../audit/audit.js';
import type { Principal, RequestOrigin } from '../auth/principal.js';
import type { Database } from '../db/database.js';
import { pinPatient } from './scope.js';

const DAY = 86_400_000;

/**
 * A patient outside the workstation's scope, fetched whole while online. It is break-the-glass:
 * the stated reason goes into the audit trail (flagged), in the same transaction as the read, and
 * the patient can see it in their cabinet. Pinning keeps the patient in the scope for some days.
 * Only a person can state a reason, so a workstation acting on its own may not do this; the
 * person gets what their roles may read (a registrar: demographics and appointments).
 */
export async function fetchPatientRecord(db: Database, principal: Principal, origin: RequestOrigin, request: FetchPatientRequest, now: Date): Promise<Resource[]> {
  if (principal.kind !== 'user') throw forbidden('Opening a record outside the scope needs a person logged in, who states the reason');
  if (!isAllowed(principal.roles, 'read', 'Patient')) throw forbidden(`Role ${principal.roles.join(', ') || '(none)'} may not read Patient`);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ content: Resource | string }>(
      `SELECT content FROM resource WHERE patient_id = $1 AND NOT deleted ORDER BY resource_type, id`,
      [request.patientId],
    );
    if (!rows.some((row) => parse(row.content).resourceType === 'Patient')) throw notFound(`Patient/${request.patientId} is not known`);
    await recordAudit(
      tx,
      { principal, origin, interaction: 'everything', resourceType: 'Patient', resourceId: request.patientId, patientIds: [request.patientId], outcome: 'success', breakTheGlassReason: request.reason },
      now,
    );
    if (request.pinDays) await pinPatient(tx, request.clientId, request.patientId, new Date(now.getTime() + request.pinDays * DAY), request.reason, principal.subject);
    return rows.map((row) => parse(row.content)).filter((resource) => isAllowed(principal.roles, 'read', resource.resourceType));
  });
}

function parse(content: Resource | string): Resource {
  return typeof content === 'string' ? (JSON.parse(content) as Resource) : content;
}
