import type { DocumentReference } from '@medplum/fhirtypes';
import { createHash, randomUUID } from 'node:crypto';
import { badRequest, notFound, unsupportedMediaType } from '../../shared/fhir/outcomes.js';
import type { Database, Queryable } from '../db/database.js';
import { readResource } from '../fhir/read.js';
import { createResource } from '../fhir/repository.js';
import type { Writer } from '../fhir/write.js';
import { validateInPool } from '../fhir/validation-pool.js';
import { contentRefusal, DOCUMENT_TYPES, isDocumentType, mediaTypeOf } from './content-types.js';
import { cleanFileName } from './file-names.js';
import type { DocumentStorage } from './storage.js';
import { isStorageId } from './storage.js';

/**
 * Clinical documents: a file stored by Central (storage.ts) and a DocumentReference about it whose
 * attachment URL is where it is downloaded. Central decides the stored name, checks the declared
 * type and the bytes (content-types.ts) and keeps the uploader's file name only as cleaned
 * metadata (file-names.ts). The DocumentReference, the file's row and the audit record commit
 * together; a file whose transaction fails is removed.
 */
export interface UploadRequest {
  patientId: string;
  fileName: unknown;
  description?: string | undefined;
  contentType: string | undefined;
  bytes: Uint8Array;
  /** Who wrote it, for DocumentReference.author. */
  practitionerId?: string | undefined;
  organizationId?: string | undefined;
  /** Patients the caller may reach (a patient in the cabinet: their own); undefined: not narrowed. */
  restrictToPatients?: readonly string[] | undefined;
}

export interface DocumentFileRow {
  storage_id: string;
  document_reference_id: string;
  patient_id: string;
  content_type: string;
  file_name: string;
  size: number | string;
  sha256: string;
}

export type AuditWrite = (tx: Queryable, documentReferenceId: string, patientId: string) => Promise<void>;

export function downloadUrl(baseUrl: string, storageId: string): string {
  return `${baseUrl.replace(/\/$/, '')}/documents/${storageId}`;
}

/** Stores one document; answers the DocumentReference as created. */
export async function uploadDocument(db: Database, storage: DocumentStorage, request: UploadRequest, options: { now: Date; baseUrl: string; audit: AuditWrite; writer?: Writer | undefined }): Promise<DocumentReference & { id: string }> {
  const type = mediaTypeOf(request.contentType);
  if (!isDocumentType(type)) throw unsupportedMediaType(`Documents are stored as ${DOCUMENT_TYPES.join(', ')}`);
  const fileName = cleanFileName(request.fileName);
  const refusal = contentRefusal(type, request.bytes);
  if (refusal) throw badRequest(refusal, 'content');
  if (request.description !== undefined && (request.description.length > 500 || /[\u0000-\u001f]/.test(request.description))) {
    throw badRequest('The description is at most 500 characters of text on one line', 'description');
  }
  // The patient must exist (and be reachable by the caller) before anything is written.
  await readResource(db, 'Patient', request.patientId, request.restrictToPatients);

  const stored = await storage.put(request.bytes);
  try {
    const reference: DocumentReference & { id: string } = {
      resourceType: 'DocumentReference',
      id: randomUUID(),
      status: 'current',
      subject: { reference: `Patient/${request.patientId}` },
      date: options.now.toISOString(),
      ...(request.description ? { description: request.description } : {}),
      ...(request.practitionerId ? { author: [{ reference: `Practitioner/${request.practitionerId}` }] } : {}),
      ...(request.organizationId ? { custodian: { reference: `Organization/${request.organizationId}` } } : {}),
      content: [{ attachment: { contentType: type, url: downloadUrl(options.baseUrl, stored.storageId), size: stored.size, hash: stored.sha1Base64, title: fileName, creation: options.now.toISOString() } }],
    };
    await validateInPool([reference]);
    return await db.transaction(async (tx) => {
      const { result } = await createResource(tx, structuredClone(reference), options.now, { baseUrl: options.baseUrl, writer: options.writer });
      await tx.query(
        `INSERT INTO document_file (storage_id, document_reference_id, patient_id, content_type, file_name, size, sha256, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [stored.storageId, result.id, request.patientId, type, fileName, stored.size, stored.sha256, options.now],
      );
      await options.audit(tx, result.id, request.patientId);
      return (await readResource(tx, 'DocumentReference', result.id)).resource as DocumentReference & { id: string };
    });
  } catch (error) {
    await storage.discard(stored.storageId);
    throw error;
  }
}

export interface Download {
  bytes: Buffer;
  contentType: string;
  fileName: string;
  documentReferenceId: string;
  /** The DocumentReference version the download was checked against (its current one). */
  documentReferenceVersionId: number;
  patientId: string;
}

/**
 * The file behind an attachment URL, when the caller may read its DocumentReference: the
 * reference is read through the store (deleted: 410; outside a patient's own record: 404) and the
 * bytes are checked against the hash taken when they were stored.
 */
export async function downloadDocument(db: Queryable, storage: DocumentStorage, storageId: string, restrictToPatients: readonly string[] | undefined): Promise<Download> {
  if (!isStorageId(storageId)) throw notFound('No such document');
  const { rows } = await db.query<DocumentFileRow>('SELECT storage_id, document_reference_id, patient_id, content_type, file_name, size, sha256 FROM document_file WHERE storage_id = $1', [storageId]);
  const row = rows[0];
  if (!row) throw notFound('No such document');
  if (restrictToPatients && !restrictToPatients.includes(row.patient_id)) throw notFound('No such document');
  const reference = await readResource(db, 'DocumentReference', row.document_reference_id, restrictToPatients);
  const bytes = await storage.read(storageId);
  if (createHash('sha256').update(bytes).digest('hex') !== row.sha256) throw new Error(`Document file ${storageId} does not match its stored hash`);
  return { bytes, contentType: row.content_type, fileName: row.file_name, documentReferenceId: row.document_reference_id, documentReferenceVersionId: reference.versionId, patientId: row.patient_id };
}
