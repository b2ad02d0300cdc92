import type { FastifyInstance } from 'fastify';
import { payloadTooLarge, unsupportedMediaType } from '../../shared/fhir/outcomes.js';
import { documentFolder } from '../config.js';
import type { CentralContext } from '../context.js';
import { DOCUMENT_TYPES } from '../documents/content-types.js';
import { downloadDocument, uploadDocument } from '../documents/documents.js';
import { attachmentDisposition } from '../documents/file-names.js';
import { documentStorage } from '../documents/storage.js';
import { allow, audit, auditAccess, FHIR_JSON, fhirBaseUrl, requireClinicScope, restrictionOf } from '../fhir/http.js';
import { requireValidId } from '../fhir/resource-types.js';
import { writesNeedingReach } from '../auth/clinic-scope.js';
import { isOwnWrite, writerOf } from '../auth/own-writes.js';

type Query = Record<string, string | string[] | undefined>;

/**
 * Clinical documents at /documents: POST /documents?patient=<id>&fileName=<name>[&description=]
 * with the file as the body and its type as Content-Type answers the DocumentReference (201); its
 * attachment URL, GET /documents/<storage id>, downloads the file. DocumentReference's rights in the
 * role matrix decide both, and the clinical reach, with an institution's own writes read back as
 * over FHIR (auth/own-writes.ts); both are audited like any read or write of the patient's record.
 */
export async function registerDocumentRoutes(app: FastifyInstance, ctx: CentralContext): Promise<void> {
  const storage = documentStorage(documentFolder(ctx.config));
  const limit = ctx.config.documentLimit;

  await app.register(async (scope) => {
    // This scope reads raw bytes of the document types only; nothing here is JSON.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser([...DOCUMENT_TYPES], { parseAs: 'buffer', bodyLimit: limit }, (_request, body, done) => done(null, body));
    scope.addContentTypeParser('*', (_request, _payload, done) => done(unsupportedMediaType(`Documents are stored as ${DOCUMENT_TYPES.join(', ')}`), undefined));

    scope.post('/documents', { bodyLimit: limit }, async (request, reply) => {
      const principal = allow(ctx, request, 'create', 'DocumentReference');
      const query = request.query as Query;
      const patientId = requireValidId(query.patient, 'patient');
      if (!Buffer.isBuffer(request.body)) throw unsupportedMediaType(`Send the file as the body, typed as one of ${DOCUMENT_TYPES.join(', ')}`);
      if (request.body.length > limit) throw payloadTooLarge(`A document is at most ${limit} bytes`);
      // A clinical write: outside the clinic's scope it needs a stated reason, like the FHIR routes.
      const reach = writesNeedingReach(principal, [{ kind: 'create' as const }]).length > 0 ? [patientId] : [];
      const breakGlass = await requireClinicScope(ctx, ctx.db, request, principal, reach, { interaction: 'create', resourceType: 'DocumentReference' }, 'write');
      const reference = await uploadDocument(
        ctx.db,
        storage,
        {
          patientId,
          fileName: query.fileName,
          description: typeof query.description === 'string' ? query.description : undefined,
          contentType: request.headers['content-type'],
          bytes: request.body,
          practitionerId: principal.practitionerId,
          organizationId: principal.organizationId,
          restrictToPatients: restrictionOf(principal),
        },
        {
          now: ctx.now(),
          baseUrl: (ctx.config.publicBaseUrl ?? `http://${ctx.config.host}:${ctx.config.port}`),
          writer: writerOf(principal),
          audit: (tx, id, patient) => audit(ctx, tx, request, principal, { interaction: 'create', resourceType: 'DocumentReference', resourceId: id, patientIds: [patient], breakGlass }),
        },
      );
      return reply.status(201).type(FHIR_JSON).header('location', `${fhirBaseUrl(ctx)}/DocumentReference/${reference.id}`).send(reference);
    });

    scope.get('/documents/:id', async (request, reply) => {
      const principal = allow(ctx, request, 'read', 'DocumentReference');
      const { id } = request.params as { id: string };
      const file = await downloadDocument(ctx.db, storage, id, restrictionOf(principal));
      // The file is the patient's record like the DocumentReference: outside the clinic's scope, a
      // stated reason; unless the caller's organisation wrote that version itself, as over FHIR.
      const ownWrite = await isOwnWrite(ctx.db, principal, 'read', { resourceType: 'DocumentReference', id: file.documentReferenceId, versionId: file.documentReferenceVersionId });
      await auditAccess(ctx, request, principal, { interaction: 'read', resourceType: 'DocumentReference', resourceId: file.documentReferenceId, patientIds: [file.patientId], clinical: !ownWrite });
      // Always a download, never rendered: the browser may not guess a type or run anything in it.
      return reply
        .type(file.contentType)
        .header('content-disposition', attachmentDisposition(file.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(file.bytes);
    });
  });
}
