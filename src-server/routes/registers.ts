import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { forbidden } from '../../shared/fhir/outcomes.js';
import { originOf, requirePrincipal } from '../auth/authenticate.js';
import { authorize } from '../auth/access.js';
import { recordAudit } from '../audit/audit.js';
import type { CentralContext } from '../context.js';
import { requireClinicScope } from '../fhir/http.js';
import { IdParams, parseInput } from '../integration/http-input.js';
import { verifyLegalEntity } from '../registers/legal-entities/verify.js';
import { lookUpPerson } from '../registers/population/lookup.js';
import { registersOf } from '../registers/registry.js';
import { startRegisterServices } from '../registers/services.js';
import {
  CancelCertificateSchema, changeCertificate, CloseCertificateSchema, ExtendCertificateSchema, openCertificate, OpenCertificateSchema, type FollowUp,
} from '../registers/social-fund/certificates.js';
import { certificateById, certificatesOfPatient } from '../registers/social-fund/queries.js';

const PersonalNumberParams = z.object({ personalNumber: z.string().min(1).max(40) });
const UnpParams = z.object({ unp: z.string().min(1).max(20) });
const PatientQuery = z.object({ patient: IdParams.shape.id });

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

  app.post('/registers/sick-leave', async (request, reply) => {
    const principal = requirePrincipal(ctx, request);
    const input = parseInput(OpenCertificateSchema, request.body);
    // Opening a certificate writes to the patient's record: outside the clinic's scope it needs a
    // stated reason (as over FHIR), and the break-the-glass is recorded for the privacy officer.
    const breakGlass = await requireClinicScope(ctx, ctx.db, request, principal, [input.patientId], { interaction: 'create', resourceType: 'SickLeaveCertificate' }, 'write');
    const id = await openCertificate(ctx, principal, input);
    if (breakGlass) {
      await recordAudit(
        ctx.db,
        { principal, origin: originOf(request), interaction: 'create', resourceType: 'SickLeaveCertificate', resourceId: id, patientIds: [input.patientId], outcome: 'success', breakTheGlassReason: breakGlass.reason },
        ctx.now(),
      );
    }
    services.sickLeave.kick();
    return reply.status(201).type(json).send(await certificateById(ctx.db, principal, id));
  });

  const followUp = (kind: FollowUp['kind'], parse: (body: unknown) => FollowUp) =>
    app.post(`/registers/sick-leave/:id/${kind}`, async (request, reply) => {
      const principal = requirePrincipal(ctx, request);
      const { id } = parseInput(IdParams, request.params);
      await changeCertificate(ctx, principal, id, parse(request.body));
      services.sickLeave.kick();
      return reply.type(json).send(await certificateById(ctx.db, principal, id));
    });
  followUp('extend', (body) => ({ kind: 'extend', ...parseInput(ExtendCertificateSchema, body) }));
  followUp('close', (body) => ({ kind: 'close', ...parseInput(CloseCertificateSchema, body) }));
  followUp('cancel', (body) => ({ kind: 'cancel', ...parseInput(CancelCertificateSchema, body) }));

  app.get('/registers/sick-leave/:id', async (request, reply) => {
    const principal = requirePrincipal(ctx, request);
    const view = await certificateById(ctx.db, principal, parseInput(IdParams, request.params).id);
    await auditRead(ctx, request, [view.patientId]);
    return reply.type(json).send(view);
  });

  app.get('/registers/sick-leave', async (request, reply) => {
    const principal = requirePrincipal(ctx, request);
    const { patient } = parseInput(PatientQuery, request.query);
    const certificates = await certificatesOfPatient(ctx.db, principal, patient);
    await auditRead(ctx, request, certificates.length ? [patient] : []);
    return reply.type(json).send({ certificates });
  });
}

/** The registers are asked on behalf of staff, never of an institution's system or a patient. */
function requireStaff(ctx: CentralContext, request: FastifyRequest) {
  const principal = requirePrincipal(ctx, request);
  if (principal.kind !== 'user') throw forbidden('The registers are for staff');
  return principal;
}

/** Reading certificates is reading the patient's record: it is audited like any FHIR read. */
async function auditRead(ctx: CentralContext, request: FastifyRequest, patientIds: string[]): Promise<void> {
  await recordAudit(ctx.db, { principal: requirePrincipal(ctx, request), origin: originOf(request), interaction: 'read', resourceType: 'SickLeaveCertificate', patientIds, outcome: 'success' }, ctx.now());
}
