import type { Resource } from '@medplum/fhirtypes';
import { enrolDevice } from '../../../src-server/auth/devices.js';
import type { Database, Queryable } from '../../../src-server/db/database.js';
import { writeResources } from '../../../src-server/fhir/write.js';
import type { Clinic } from './fhir.js';

/** Writes resources straight into Central's store (as its REST API would), in one transaction. */
export async function seedResources(db: Database, resources: readonly (Resource & { id: string })[], now: Date): Promise<void> {
  if (resources.length === 0) return;
  await db.transaction((tx) => writeResources(tx, resources.map((resource) => ({ kind: 'update' as const, resource })), now));
}

export async function seedClinic(db: Database, clinic: Clinic, now: Date): Promise<void> {
  await seedResources(db, [...clinic.directory, ...clinic.slots], now);
}

/** Enrols a workstation of the organisation, as its clinic administrator would. */
export async function enrolWorkstation(db: Queryable, organizationId: string, display: string, now: Date): Promise<{ deviceId: string; deviceSecret: string }> {
  const { deviceId, deviceSecret } = await enrolDevice(db, { organizationId, display, enrolledBy: 'test-clinic-admin' }, now);
  return { deviceId, deviceSecret };
}
