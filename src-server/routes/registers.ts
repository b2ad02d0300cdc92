import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { forbidden } from '../../shared/fhir/outcomes.js';
import { requirePrincipal } from '../auth/authenticate.js';
import { authorize } from '../auth/access.js';
import type { CentralContext } from '../context.js';
import { audit, auditAccess, rawQuery, requireClinicScope } from '../fhir/http.js';
import { IdParams, parseInput } from '../integration/http-input.js';
import { verifyLegalEntity } from '../registers/legal-entities/verify.js';
import { lookUpPerson } from '../registers/population/lookup.js';
import { registersOf } from '../registers/registry.js';
import { startRegisterServices } from '../registers/services.js';
import {
  CancelCertificateSchema, certificateOfOrganization, changeCertificateIn, CloseCertificateSchema, ExtendCertificateSchema, issuerOf, openCertificateIn, OpenCertificateSchema,
  requireDoctor, type FollowUp,
} from '../registers/social-fund/certificates.js';
import { certificateById, certificatesOfPatient, requireClinicalReader } from '../registers/social-fund/queries.js';

const PersonalNumberParams = z.object({ personalNumber: z.string().min(1).max(40) });
const UnpParams = z.object({ unp: z.string().min(1).max(20) });
const PatientQuery = z.object({ patient: IdParams.shape.id });
/** What audit records name as the resource of a certificate step or read. */
const CERTIFICATE = 'SickLeaveCertificate';

/**
 * The state registers as Central's staff see them: the population register lookup of registration
 * (INTERFACES item 1), the legal-entities check, and sick-leave certificates sent to the Social
 * Protection Fund through an outbox. Also starts the register clients and background workers.
 */
export async function registerRegisterRoutes(app: FastifyInstance, ctx: CentralContext): Promise<void> {
  const services = await startRegisterServices(ctx);
  app.addHook('onClose', () => services.close());
  const json = 'application/json';

  app.get('/registers/population/:personalNumber', async (request, reply) => {
    authorize(requireStaff(ctx, request), 'read', 'Patient');
    const { personalNumber } = parseInput(PersonalNumberParams, request.params);
    return reply.type(json).send(await lookUpPerson(registersOf(ctx).population, personalNumber));
  });

  app.get('/registers/legal-entities/:unp', async (request, reply) => {
    authorize(requireStaff(ctx, request), 'read', 'Organization');
    const { unp } = parseInput(UnpParams, request.params);
    return reply.type(json).send(await verifyLegalEntity(registersOf(ctx).legalEntities, unp));
  });

  // Each step on a certificate is a write to the patient's record: outside the clinic's scope it
  // needs a stated reason (as over FHIR), and it leaves one AuditEvent in the step's own
  // transaction (purpose BTG with the reason when the glass was broken); a refused step leaves
  // one with a failure outcome (request.auditOnFailure, recorded by the onError hook of fhir.ts).
  app.post('/registers/sick-leave', async (request, reply) => {
    const principal = requirePrincipal(ctx, request);
    const doctor = requireDoctor(principal);
    const input = parseInput(OpenCertificateSchema, request.body);
    const id = randomUUID();
    // A refused open names no certificate: none was made.
    const facts = { interaction: 'create', resourceType: CERTIFICATE, patientIds: [input.patientId] } as const;
    request.auditOnFailure = facts;
    await ctx.db.transaction(async (tx) => {
      const breakGlass = await requireClinicScope(ctx, tx, request, principal, facts.patientIds, facts, 'write');
      await openCertificateIn(tx, issuerOf(doctor), id, input, ctx.now());
      await audit(ctx, tx, request, principal, { ...facts, resourceId: id, breakGlass });
    });
    request.auditOnFailure = undefined;
    services.sickLeave.kick();
    return reply.status(201).type(json).send(await certificateById(ctx.db, principal, id));
  });

  const followUp = (kind: FollowUp['kind'], parse: (body: unknown) => FollowUp) =>
    app.post(`/registers/sick-leave/:id/${kind}`, async (request, reply) => {
      const principal = requirePrincipal(ctx, request);
      const doctor = requireDoctor(principal);
      const { id } = parseInput(IdParams, request.params);
      const change = parse(request.body);
      await ctx.db.transaction(async (tx) => {
        const certificate = await certificateOfOrganization(tx, doctor.organizationId, id);
        const facts = { interaction: 'update', resourceType: CERTIFICATE, resourceId: id, patientIds: [certificate.patient_id] } as const;
        request.auditOnFailure = facts;
        const breakGlass = await requireClinicScope(ctx, tx, request, principal, facts.patientIds, facts, 'write');
        await changeCertificateIn(tx, issuerOf(doctor), id, change, ctx.now());
        await audit(ctx, tx, request, principal, { ...facts, breakGlass });
      });
      request.auditOnFailure = undefined;
      services.sickLeave.kick();
      return reply.type(json).send(await certificateById(ctx.db, principal, id));
    });
  followUp('extend', (body) => ({ kind: 'extend', ...parseInput(ExtendCertificateSchema, body) }));
  followUp('close', (body) => ({ kind: 'close', ...parseInput(CloseCertificateSchema, body) }));
  followUp('cancel', (body) => ({ kind: 'cancel', ...parseInput(CancelCertificateSchema, body) }));

  // Reading certificates is reading the patient's record: the clinic's scope applies (a stated
  // reason outside it) and the read is audited like any FHIR read.
  app.get('/registers/sick-leave/:id', async (request, reply) => {
    const principal = requirePrincipal(ctx, request);
    const view = await certificateById(ctx.db, principal, parseInput(IdParams, request.params).id);
    await auditAccess(ctx, request, principal, { interaction: 'read', resourceType: CERTIFICATE, resourceId: view.id, patientIds: [view.patientId], clinical: true });
    return reply.type(json).send(view);
  });

  app.get('/registers/sick-leave', async (request, reply) => {
    const principal = requirePrincipal(ctx, request);
    requireClinicalReader(principal);
    const { patient } = parseInput(PatientQuery, request.query);
    const facts = { interaction: 'search', resourceType: CERTIFICATE, query: rawQuery(request), patientIds: [patient] } as const;
    // Asked before reading, so that even "none" is not told about a patient outside the scope.
    const breakGlass = await requireClinicScope(ctx, ctx.db, request, principal, facts.patientIds, facts);
    const certificates = await certificatesOfPatient(ctx.db, principal, patient);
    if (certificates.length > 0) await auditAccess(ctx, request, principal, { ...facts, breakGlass });
    return reply.type(json).send({ certificates });
  });
}

/** The registers are asked on behalf of staff, never of an institution's system or a patient. */
function requireStaff(ctx: CentralContext, request: FastifyRequest) {
  const principal = requirePrincipal(ctx, request);
  if (principal.kind !== 'user') throw forbidden('The registers are for staff');
  return principal;
}
