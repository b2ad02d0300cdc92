import type { Resource } from '@medplum/fhirtypes';
import { CLINICAL_TYPES } from '../../shared/domain/access.js';
import { gone, notFound } from '../../shared/fhir/outcomes.js';
import type { Queryable } from '../db/database.js';
import { prepared } from '../db/prepared.js';

export interface StoredVersion {
  resourceType: string;
  id: string;
  versionId: number;
  lastUpdated: string;
  deleted: boolean;
  patientId: string | undefined;
  resource: Resource;
}

interface Row {
  resource_type: string;
  id: string;
  version_id: number;
  last_updated: Date | string;
  deleted: boolean;
  patient_id?: string | null;
  content: Resource | string;
}

export function toStored(row: Row): StoredVersion {
  return {
    resourceType: row.resource_type,
    id: row.id,
    versionId: row.version_id,
    lastUpdated: new Date(row.last_updated).toISOString(),
    deleted: row.deleted,
    patientId: row.patient_id ?? undefined,
    resource: typeof row.content === 'string' ? (JSON.parse(row.content) as Resource) : row.content,
  };
}

/**
 * Who a resource belongs to, checked before anything is read for a restricted caller: outside the
 * allowed compartments it does not exist (404), so a patient learns nothing about others' ids. A
 * directory or scheduling resource of no patient is visible; a clinical one of no patient is not
 * (the same rule as search.ts's compartment filter).
 */
function assertVisible(version: StoredVersion, restrictToPatients: readonly string[] | undefined): void {
  if (!restrictToPatients) return;
  if (version.patientId === undefined ? isClinicalType(version.resourceType) : !restrictToPatients.includes(version.patientId)) throw notFound();
}

const isClinicalType = (type: string) => (CLINICAL_TYPES as readonly string[]).includes(type);

const READ_CURRENT = prepared('SELECT resource_type, id, version_id, last_updated, deleted, patient_id, content FROM resource WHERE resource_type = $1 AND id = $2');

/** The current version; 404 when there never was one, 410 when it was deleted. */
export async function readResource(q: Queryable, resourceType: string, id: string, restrictToPatients?: readonly string[]): Promise<StoredVersion> {
  const { rows } = await q.query<Row>(READ_CURRENT, [resourceType, id]);
  if (!rows[0]) throw notFound(`${resourceType}/${id} is not known`);
  const version = toStored(rows[0]);
  assertVisible(version, restrictToPatients);
  if (version.deleted) throw gone(`${resourceType}/${id} was deleted`);
  return version;
}

/** One version from history; 410 when that version is a deletion. */
export async function readVersion(q: Queryable, resourceType: string, id: string, versionId: number, restrictToPatients?: readonly string[]): Promise<StoredVersion> {
  const { rows } = await q.query<Row>(
    `SELECT h.resource_type, h.id, h.version_id, h.last_updated, h.deleted, r.patient_id, h.content
     FROM resource_history h JOIN resource r USING (resource_type, id)
     WHERE h.resource_type = $1 AND h.id = $2 AND h.version_id = $3`,
    [resourceType, id, versionId],
  );
  if (!rows[0]) throw notFound(`${resourceType}/${id} has no version ${versionId}`);
  const version = toStored(rows[0]);
  assertVisible(version, restrictToPatients);
  if (version.deleted) throw gone(`Version ${versionId} of ${resourceType}/${id} is a deletion`);
  return version;
}
