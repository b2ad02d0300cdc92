import { forbidden, withRefusalCode } from '../../shared/fhir/outcomes.js';
import type { Mutation } from '../../shared/sync/protocol.js';
import { outsideScopeText, patientsOutsideScope } from '../auth/clinic-scope.js';
import type { Queryable } from '../db/database.js';
import { clinicalWritePatients } from '../fhir/clinical-writes.js';
import { findCertificate } from '../registers/social-fund/certificate-store.js';
import type { SyncCaller } from './access.js';

/**
 * A workstation writes clinical data (and sick-leave certificates) only of patients in its clinic's
 * scope, as staff do over FHIR REST. A mutation carries no stated reason: a person states it when
 * opening the record outside the scope (fetch-patient, break-the-glass), which pins the patient into
 * the scope for some days, so what they then write goes through. Anything else is refused for good
 * (a `rejected` result the person sees in the inbox, the change kept there). Registering a patient
 * and booking them bring them into the scope and are not clinical writes.
 */
export async function checkPushReach(tx: Queryable, caller: SyncCaller, mutation: Mutation, now: Date): Promise<void> {
  const patientIds = await clinicalPatientsOf(tx, mutation);
  if (patientIds.length === 0) return;
  const outside = await patientsOutsideScope(tx, caller.organizationId, patientIds, now);
  if (outside.length === 0) return;
  const text = `${outsideScopeText('clinic-scope', outside, patientIds.length, 'write')} Open the record outside the scope with a stated reason (break-the-glass) first; then send the change again.`;
  throw withRefusalCode(forbidden(text), 'outside-scope');
}

async function clinicalPatientsOf(tx: Queryable, mutation: Mutation): Promise<string[]> {
  switch (mutation.kind) {
    case 'create':
      return clinicalWritePatients(tx, [{ kind: 'create', resource: mutation.args.resource }]);
    case 'update':
      return clinicalWritePatients(tx, [{ kind: 'update', resource: mutation.args.resource }]);
    case 'delete':
      return clinicalWritePatients(tx, [{ kind: 'delete', resourceType: mutation.args.resourceType, id: mutation.args.id }]);
    case 'sick-leave': {
      // Opening names the patient; a later step (extend, close, cancel) is a write to the record of
      // its certificate's patient, held to the scope as over REST. An unknown certificate is left
      // to the step itself to refuse.
      if (mutation.args.action === 'open') return [mutation.args.patientId];
      const certificate = await findCertificate(tx, mutation.args.certificateId);
      return certificate ? [certificate.patient_id] : [];
    }
    default:
      return [];
  }
}
