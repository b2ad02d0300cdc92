import { isAllowed } from '../../../shared/domain/access.js';
import { forbidden, notFound } from '../../../shared/fhir/outcomes.js';
import type { Principal } from '../../auth/principal.js';
import type { Queryable } from '../../db/database.js';
import { findCertificate, listCertificates, operationsOf } from './certificate-store.js';
import { certificateView, type CertificateView } from './certificate-view.js';

/** Certificates are part of the clinical record: whoever may read a patient's visits may read them. */
export function requireClinicalReader(principal: Principal): void {
  if (principal.kind !== 'user' || !isAllowed(principal.roles, 'read', 'Encounter')) throw forbidden('Your role may not read sick-leave certificates');
}

export async function certificateById(q: Queryable, principal: Principal, id: string): Promise<CertificateView> {
  requireClinicalReader(principal);
  const row = await findCertificate(q, id);
  if (!row) throw notFound(`No sick-leave certificate ${id}`);
  return certificateView(row, await operationsOf(q, [id]));
}

export async function certificatesOfPatient(q: Queryable, principal: Principal, patientId: string): Promise<CertificateView[]> {
  requireClinicalReader(principal);
  const rows = await listCertificates(q, patientId);
  const operations = await operationsOf(q, rows.map((row) => row.id));
  return rows.map((row) => certificateView(row, operations));
}
