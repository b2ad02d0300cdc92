import { randomUUID } from 'node:crypto';
import type { HumanName, Organization, Patient } from '@medplum/fhirtypes';
import { z } from 'zod';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { badRequest, conflict, forbidden, notFound, unprocessable, withRefusalCode } from '../../../shared/fhir/outcomes.js';
import type { Principal } from '../../auth/principal.js';
import type { Queryable } from '../../db/database.js';
import { enqueueOperation, findCertificate, insertCertificate, updateRequestedState, type CertificateRow } from './certificate-store.js';
import type { FundOperation } from './fund.js';
import { applyOperation, type CertificateState } from './rules.js';

/**
 * What a doctor does with a sick-leave certificate at a visit. Each step is checked against the
 * Fund's rules here, stored, and put in the outbox in the same transaction; the dispatcher sends
 * it when the Fund is reachable. Nothing here waits for the Fund.
 */
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const Id = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'expected a FHIR id');

export const OpenCertificateSchema = z.object({
  patientId: Id,
  encounterId: Id.optional(),
  reason: z.enum(['disease', 'injury', 'care', 'quarantine']),
  diagnosis: z.string().regex(/^[A-Z]\d{2}(\.\d{1,2})?$/, 'expected an ICD-10 code such as J06.9'),
  from: IsoDate,
  to: IsoDate,
});
export const ExtendCertificateSchema = z.object({ to: IsoDate });
export const CloseCertificateSchema = z.object({ returnToWorkOn: IsoDate });
export const CancelCertificateSchema = z.object({ reason: z.string().trim().min(1).max(500) });

/** Only doctors issue certificates. */
export function requireDoctor(principal: Principal): Principal & { organizationId: string } {
  if (principal.kind !== 'user' || !principal.roles.includes('doctor') || !principal.organizationId) throw forbidden('Only a doctor issues sick-leave certificates');
  return principal as Principal & { organizationId: string };
}

/** Who issues a step: the doctor (kept with the certificate and sent to the Fund) and their organisation. */
export interface Issuer {
  organizationId: string;
  subject: string;
  display: string;
}

/** The issuer of a step a doctor makes over REST: the doctor and their organisation. */
export function issuerOf(doctor: Principal & { organizationId: string }): Issuer {
  return { organizationId: doctor.organizationId, subject: doctor.subject, display: doctor.display };
}

/**
 * Opens certificate `id` inside the caller's transaction: the REST route (a new id) and a
 * workstation's `sick-leave` sync mutation (the id it chose offline) both come here.
 */
export async function openCertificateIn(tx: Queryable, issuer: Issuer, id: string, input: z.infer<typeof OpenCertificateSchema>, now: Date): Promise<void> {
  if (await findCertificate(tx, id)) throw conflict(`Sick-leave certificate ${id} already exists`);
  const patient = await readLive<Patient>(tx, 'Patient', input.patientId, 'patientId');
  const personalNumber = (await tx.query<{ personal_number: string }>('SELECT personal_number FROM patient_personal_number WHERE patient_id = $1', [input.patientId])).rows[0]?.personal_number;
  if (!personalNumber) throw unprocessable('The patient has no personal number; the Fund needs it to open a certificate', 'patientId');
  if (input.encounterId) {
    const encounter = await tx.query<{ patient_id: string | null }>(`SELECT patient_id FROM resource WHERE resource_type = 'Encounter' AND id = $1 AND NOT deleted`, [input.encounterId]);
    if (encounter.rows[0]?.patient_id !== input.patientId) throw badRequest('The visit is not one of this patient\'s', 'encounterId');
  }
  const organization = await readLive<Organization>(tx, 'Organization', issuer.organizationId, 'organization');
  const unp = organization.identifier?.find((identifier) => identifier.system === SYSTEMS.unp)?.value;
  if (!unp) throw unprocessable('Your organisation has no УНП on record; the Fund needs it to accept certificates');
  const operation: FundOperation = {
    kind: 'open', personalNumber, patientName: nameOf(patient.name), issuerUnp: unp, issuerName: organization.name ?? unp,
    practitioner: issuer.display, reason: input.reason, diagnosis: input.diagnosis, from: input.from, to: input.to,
  };
  const state = checked(undefined, operation);
  await insertCertificate(tx, {
    id, patient_id: input.patientId, personal_number: personalNumber, encounter_id: input.encounterId ?? null, organization_id: issuer.organizationId,
    created_by: issuer.subject, reason: input.reason, diagnosis: input.diagnosis, status: state.status, period_from: state.from, period_to: state.to, created_at: now,
  });
  await enqueueOperation(tx, { id: randomUUID(), certificateId: id, payload: operation }, now);
}

export type FollowUp = { kind: 'extend'; to: string } | { kind: 'close'; returnToWorkOn: string } | { kind: 'cancel'; reason: string };

/** Certificate `id` of the organisation, locked for a change in `tx`; another's is not found. */
export async function certificateOfOrganization(tx: Queryable, organizationId: string, certificateId: string): Promise<CertificateRow> {
  const certificate = await findCertificate(tx, certificateId, true);
  if (!certificate || certificate.organization_id !== organizationId) throw notFound(`No sick-leave certificate ${certificateId} in your organisation`);
  return certificate;
}

/**
 * Extends, closes or cancels a certificate of the issuer's organisation inside the caller's
 * transaction (the REST route, or a workstation's sync mutation).
 */
export async function changeCertificateIn(tx: Queryable, issuer: Issuer, certificateId: string, change: FollowUp, now: Date): Promise<void> {
  const certificate = await certificateOfOrganization(tx, issuer.organizationId, certificateId);
  const operation: FundOperation = change.kind === 'cancel' ? change : { ...change, practitioner: issuer.display };
  const state = checked({ status: certificate.status, from: certificate.period_from, to: certificate.period_to }, operation);
  await updateRequestedState(tx, certificateId, state, now);
  await enqueueOperation(tx, { id: randomUUID(), certificateId, payload: operation }, now);
}

function checked(state: CertificateState | undefined, operation: FundOperation): CertificateState {
  const outcome = applyOperation(state, operation);
  // The rule's code travels with the Fund's wording, for the doctor's screen to say in its language.
  if (!outcome.ok) throw withRefusalCode(unprocessable(outcome.reason), `sick-leave.${outcome.code}`);
  return outcome.state;
}

async function readLive<T>(tx: Queryable, type: string, id: string, field: string): Promise<T> {
  const { rows } = await tx.query<{ content: T }>(`SELECT content FROM resource WHERE resource_type = $1 AND id = $2 AND NOT deleted`, [type, id]);
  if (!rows[0]) throw unprocessable(`There is no ${type} ${id}`, field);
  return rows[0].content;
}

function nameOf(names: HumanName[] | undefined): string {
  const name = names?.find((n) => n.use === 'official') ?? names?.[0];
  return [name?.family, ...(name?.given ?? [])].filter(Boolean).join(' ');
}
