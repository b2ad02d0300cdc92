import { CLINICAL_TYPES } from '../../shared/domain/access.js';
import type { Queryable } from '../db/database.js';
import { patientCompartmentOf } from '../../shared/fhir/compartment.js';
import type { WriteOperation } from './write.js';

const isClinical = (type: string) => (CLINICAL_TYPES as readonly string[]).includes(type);

/**
 * The patients whose clinical data these writes create, change or delete, as stored before them and
 * as written: both count, so moving a record from one patient to another needs both in reach. A
 * patient registered by the same writes (a Patient not stored before, created with them) is left
 * out: registering brings a person into the clinic's scope, so their first records need no reason.
 * Updating an existing Patient alongside does not: that would open anyone's record.
 */
export async function clinicalWritePatients(q: Queryable, writes: readonly WriteOperation[]): Promise<string[]> {
  const newPatients = writes.flatMap((op) => (op.kind !== 'delete' && op.resource.resourceType === 'Patient' ? [op.resource.id] : []));
  const existing = new Set(newPatients.length ? await storedPatients(q, newPatients.map((id) => ({ type: 'Patient', id }))) : []);
  const registered = new Set(newPatients.filter((id) => !existing.has(id)));
  const patients = new Set<string>();
  const stored: { type: string; id: string }[] = [];
  for (const op of writes) {
    const type = op.kind === 'delete' ? op.resourceType : op.resource.resourceType;
    if (!isClinical(type)) continue;
    if (op.kind !== 'delete') {
      const patientId = patientCompartmentOf(op.resource);
      if (patientId) patients.add(patientId);
    }
    if (op.kind !== 'create') stored.push({ type, id: op.kind === 'delete' ? op.id : op.resource.id });
  }
  for (const patientId of await storedPatients(q, stored)) patients.add(patientId);
  return [...patients].filter((id) => !registered.has(id));
}

/** The patients the stored versions of these resources belong to (those that exist). */
async function storedPatients(q: Queryable, refs: readonly { type: string; id: string }[]): Promise<string[]> {
  if (refs.length === 0) return [];
  const { rows } = await q.query<{ patient_id: string }>(
    `SELECT DISTINCT r.patient_id FROM resource r JOIN unnest($1::text[], $2::text[]) AS w(resource_type, id) ON r.resource_type = w.resource_type AND r.id = w.id
      WHERE r.patient_id IS NOT NULL`,
    [refs.map((ref) => ref.type), refs.map((ref) => ref.id)],
  );
  return rows.map((row) => row.patient_id);
}
