import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Id } from '../../shared/api/common.js';
import { CabinetBookRequestSchema, CabinetCancelRequestSchema, CabinetFreeSlotsQuerySchema, ScheduleChangesQuerySchema } from '../../shared/api/schedule-cabinet.js';
import type { CentralContext } from '../context.js';
import { bookingsLeftToday, cabinetAppointments, cabinetBook, cabinetCancel, cabinetFreeSlots, cabinetPreventive } from '../scheduling/cabinet.js';
import { cabinetPatient, parseWith } from '../scheduling/http.js';
import { noticesFor } from '../scheduling/notices.js';

const IdParam = z.object({ id: Id });
const JSON_TYPE = 'application/json';

/**
 * The patient's cabinet at /cabinet (shapes: shared/api/schedule-cabinet.ts). The patient comes from
 * the token of POST /auth/patient-login and nowhere else. A preventive examination is booked like
 * any visit, into a preventive examination slot; Central checks the patient is due by then.
 */
export async function registerCabinetRoutes(app: FastifyInstance, ctx: CentralContext): Promise<void> {
  app.get('/cabinet/appointments', async (request, reply) => {
    const patientId = cabinetPatient(ctx, request);
    return reply.type(JSON_TYPE).send({ appointments: await cabinetAppointments(ctx.db, patientId) });
  });

  app.get('/cabinet/schedule-changes', async (request, reply) => {
    const patientId = cabinetPatient(ctx, request);
    const { since } = parseWith(ScheduleChangesQuerySchema, request.query, 'query');
    return reply.type(JSON_TYPE).send({ changes: await noticesFor(ctx.db, patientId, since ? new Date(since) : undefined) });
  });

  app.get('/cabinet/free-slots', async (request, reply) => {
    const patientId = cabinetPatient(ctx, request);
    const query = parseWith(CabinetFreeSlotsQuerySchema, request.query, 'query');
    const now = ctx.now();
    return reply.type(JSON_TYPE).send({ slots: await cabinetFreeSlots(ctx.db, patientId, query, now), bookingsLeftToday: await bookingsLeftToday(ctx.db, patientId, now) });
  });

  app.post('/cabinet/appointments', async (request, reply) => {
    const patientId = cabinetPatient(ctx, request);
    const body = parseWith(CabinetBookRequestSchema, request.body, 'body');
    const appointment = await ctx.db.transaction((tx) => cabinetBook(tx, patientId, body, ctx.now()));
    return reply.status(201).type(JSON_TYPE).send({ appointment });
  });

  app.post('/cabinet/appointments/:id/cancel', async (request, reply) => {
    const patientId = cabinetPatient(ctx, request);
    const { id } = parseWith(IdParam, request.params, 'params');
    const { reason } = parseWith(CabinetCancelRequestSchema, request.body, 'body');
    const appointment = await ctx.db.transaction((tx) => cabinetCancel(tx, patientId, id, reason, ctx.now()));
    return reply.type(JSON_TYPE).send({ appointment });
  });

  app.get('/cabinet/preventive', async (request, reply) => {
    const patientId = cabinetPatient(ctx, request);
    return reply.type(JSON_TYPE).send(await cabinetPreventive(ctx.db, patientId, ctx.now()));
  });
}
