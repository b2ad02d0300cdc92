import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SaveScheduleRequestSchema } from '../../shared/api/schedule.js';
import { BookRequestSchema, CancelRequestSchema, MarkRequestSchema, PreventiveBookRequestSchema, PreventiveDueQuerySchema, RescheduleRequestSchema, WalkInActionSchema, WalkInQueueQuerySchema, WalkInRequestSchema } from '../../shared/api/schedule-booking.js';
import { FreeSlotsQuerySchema, ScheduleViewQuerySchema } from '../../shared/api/schedule-views.js';
import { Id } from '../../shared/api/common.js';
import { localDateOf } from '../../shared/domain/zoned-time.js';
import { appointmentSummary } from '../../shared/fhir/appointment-summary.js';
import { DEFAULT_TIME_ZONE } from '../../shared/fhir/schedule-view.js';
import type { Appointment } from '@medplum/fhirtypes';
import type { CentralContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { bookForPatient } from '../scheduling/appointments.js';
import { cancelAppointment } from '../scheduling/booking.js';
import { scheduleChoices } from '../scheduling/choices.js';
import { listDefinitions, requireDefinition } from '../scheduling/definitions.js';
import { findFreeSlots } from '../scheduling/free-slots.js';
import { startHorizonKeeper } from '../scheduling/horizon.js';
import { auditPatients, parseWith, staffCaller } from '../scheduling/http.js';
import { openRebookItems } from '../scheduling/notices.js';
import { preventiveDueList } from '../scheduling/preventive.js';
import { regenerateSlots } from '../scheduling/regenerate.js';
import { markAppointment, rescheduleAppointment } from '../scheduling/reschedule.js';
import { saveSchedule } from '../scheduling/schedules.js';
import type { Stored } from '../scheduling/store.js';
import { scheduleView } from '../scheduling/views.js';
import { addWalkIn, walkInAction, walkInEntries } from '../scheduling/walk-ins.js';

const IdParam = z.object({ id: Id });
const WalkInParams = z.object({ id: Id, action: WalkInActionSchema });
const JSON_TYPE = 'application/json';

/** Staff scheduling at /scheduling (shapes: shared/api/schedule*.ts). Parse, authorise, call, audit, answer. */
export async function registerSchedulingRoutes(app: FastifyInstance, ctx: CentralContext): Promise<void> {
  const keeper = startHorizonKeeper(ctx);
  app.addHook('onClose', async () => keeper.stop());
  const id = (params: unknown) => parseWith(IdParam, params, 'params').id;

  app.get('/scheduling/schedules', async (request, reply) => {
    const { organizationId } = staffCaller(ctx, request, 'view');
    return reply.type(JSON_TYPE).send({ schedules: await listDefinitions(ctx.db, organizationId) });
  });
  // Who and where a new schedule may be for: the caller's own clinic only (from the token, never from the request).
  app.get('/scheduling/schedule-choices', async (request, reply) => {
    const { organizationId } = staffCaller(ctx, request, 'define');
    return reply.type(JSON_TYPE).send(await scheduleChoices(ctx.db, organizationId));
  });
  app.get('/scheduling/schedules/:id', async (request, reply) => {
    const { organizationId } = staffCaller(ctx, request, 'view');
    return reply.type(JSON_TYPE).send(await requireDefinition(ctx.db, id(request.params), organizationId));
  });
  app.post('/scheduling/schedules', async (request, reply) => {
    const { principal, organizationId } = staffCaller(ctx, request, 'define');
    const { definition } = parseWith(SaveScheduleRequestSchema, request.body, 'body');
    const saved = await ctx.db.transaction((tx) => saveSchedule(tx, { organizationId, fields: definition, by: principal.subject, now: ctx.now() }));
    return reply.status(201).type(JSON_TYPE).send(saved);
  });
  app.put('/scheduling/schedules/:id', async (request, reply) => {
    const { principal, organizationId } = staffCaller(ctx, request, 'define');
    const scheduleId = id(request.params);
    const { definition, baseVersion } = parseWith(SaveScheduleRequestSchema, request.body, 'body');
    const saved = await ctx.db.transaction(async (tx) => {
      await requireDefinition(tx, scheduleId, organizationId);
      return saveSchedule(tx, { organizationId, scheduleId, fields: definition, baseVersion, by: principal.subject, now: ctx.now() });
    });
    return reply.type(JSON_TYPE).send(saved);
  });
  app.post('/scheduling/schedules/:id/regenerate', async (request, reply) => {
    const { organizationId } = staffCaller(ctx, request, 'define');
    const scheduleId = id(request.params);
    return reply.type(JSON_TYPE).send(await ctx.db.transaction((tx) => regenerateSlots(tx, scheduleId, organizationId, ctx.now())));
  });
  app.get('/scheduling/rebook', async (request, reply) => {
    const { principal, organizationId } = staffCaller(ctx, request, 'book');
    const items = await openRebookItems(ctx.db, { organizationId });
    await auditPatients(ctx, ctx.db, request, principal, 'search', 'Appointment', items.map((i) => i.patient.patientId));
    return reply.type(JSON_TYPE).send({ items });
  });

  app.get('/scheduling/view', async (request, reply) => {
    const { principal, organizationId } = staffCaller(ctx, request, 'view');
    const { view, patientIds } = await scheduleView(ctx.db, organizationId, parseWith(ScheduleViewQuerySchema, request.query, 'query'));
    await auditPatients(ctx, ctx.db, request, principal, 'search', 'Appointment', patientIds);
    return reply.type(JSON_TYPE).send(view);
  });
  app.get('/scheduling/free-slots', async (request, reply) => {
    const { organizationId } = staffCaller(ctx, request, 'view');
    const query = parseWith(FreeSlotsQuerySchema, request.query, 'query');
    const from = query.from ? new Date(query.from) : ctx.now();
    return reply.type(JSON_TYPE).send({ slots: await findFreeSlots(ctx.db, { ...query, organizationId, from }) });
  });

  app.post('/scheduling/appointments', async (request, reply) => {
    const { principal } = staffCaller(ctx, request, 'book');
    const body = parseWith(BookRequestSchema, request.body, 'body');
    const { appointment } = await ctx.db.transaction(async (tx) => {
      const booked = await bookForPatient(tx, { ...body, channel: 'staff', bookedBy: principal.subject, now: ctx.now(), futureOnly: false });
      await auditPatients(ctx, tx, request, principal, 'create', 'Appointment', [body.patientId]);
      return booked;
    });
    return reply.status(201).type(JSON_TYPE).send({ appointment: appointmentSummary(appointment) });
  });
  /** A command on one appointment: in one transaction with its audit record, answered with its summary. */
  const command = (path: string, run: (tx: Queryable, appointmentId: string, body: unknown, by: string) => Promise<Stored<Appointment>>) =>
    app.post(path, async (request, reply) => {
      const { principal } = staffCaller(ctx, request, 'book');
      const appointmentId = id(request.params);
      const done = await ctx.db.transaction(async (tx) => {
        const result = await run(tx, appointmentId, request.body, principal.subject);
        await auditPatients(ctx, tx, request, principal, 'update', 'Appointment', [appointmentSummary(result).patientId]);
        return result;
      });
      return reply.type(JSON_TYPE).send({ appointment: appointmentSummary(done) });
    });
  command('/scheduling/appointments/:id/reschedule', async (tx, appointmentId, body, by) => {
    const { slotId, reason } = parseWith(RescheduleRequestSchema, body, 'body');
    return (await rescheduleAppointment(tx, { appointmentId, slotId, reason, now: ctx.now(), by: 'clinic', channel: 'staff', bookedBy: by })).appointment;
  });
  command('/scheduling/appointments/:id/cancel', (tx, appointmentId, body) => cancelAppointment(tx, { appointmentId, reason: parseWith(CancelRequestSchema, body, 'body').reason, now: ctx.now(), by: 'clinic' }));
  command('/scheduling/appointments/:id/mark', (tx, appointmentId, body) => markAppointment(tx, { appointmentId, status: parseWith(MarkRequestSchema, body, 'body').status, now: ctx.now() }));

  app.get('/scheduling/walk-ins', async (request, reply) => {
    const { principal, organizationId } = staffCaller(ctx, request, 'book');
    const query = parseWith(WalkInQueueQuerySchema, request.query, 'query');
    const date = query.date ?? localDateOf(ctx.now(), DEFAULT_TIME_ZONE);
    const entries = (await walkInEntries(ctx.db, { organizationId, date, practitionerId: query.practitionerId })).filter((e) => query.all === 'true' || e.status === 'arrived' || e.status === 'checked-in');
    await auditPatients(ctx, ctx.db, request, principal, 'search', 'Appointment', entries.map((e) => e.patient.patientId));
    return reply.type(JSON_TYPE).send({ date, entries });
  });
  app.post('/scheduling/walk-ins', async (request, reply) => {
    const { principal, organizationId } = staffCaller(ctx, request, 'book');
    const body = parseWith(WalkInRequestSchema, request.body, 'body');
    const entry = await ctx.db.transaction(async (tx) => {
      await auditPatients(ctx, tx, request, principal, 'create', 'Appointment', [body.patientId]);
      return addWalkIn(tx, { organizationId, ...body, now: ctx.now() });
    });
    return reply.status(201).type(JSON_TYPE).send({ entry });
  });
  app.post('/scheduling/walk-ins/:id/:action', async (request, reply) => {
    const { principal, organizationId } = staffCaller(ctx, request, 'book');
    const { id: appointmentId, action } = parseWith(WalkInParams, request.params, 'params');
    const entry = await ctx.db.transaction(async (tx) => {
      const result = await walkInAction(tx, { organizationId, appointmentId, action, now: ctx.now() });
      await auditPatients(ctx, tx, request, principal, 'update', 'Appointment', [result.patient.patientId]);
      return result;
    });
    return reply.type(JSON_TYPE).send({ entry });
  });

  app.get('/scheduling/preventive/due', async (request, reply) => {
    const { principal, organizationId } = staffCaller(ctx, request, 'patients');
    const query = parseWith(PreventiveDueQuerySchema, request.query, 'query');
    const now = ctx.now();
    const list = await preventiveDueList(ctx.db, { organizationId, today: localDateOf(now, DEFAULT_TIME_ZONE), now, limit: query.limit, offset: query.offset, unbookedOnly: query.unbookedOnly === 'true' });
    await auditPatients(ctx, ctx.db, request, principal, 'search', 'Patient', list.entries.map((e) => e.patient.patientId));
    return reply.type(JSON_TYPE).send(list);
  });
  app.post('/scheduling/preventive/appointments', async (request, reply) => {
    const { principal } = staffCaller(ctx, request, 'book');
    const body = parseWith(PreventiveBookRequestSchema, request.body, 'body');
    const { appointment } = await ctx.db.transaction(async (tx) => {
      const booked = await bookForPatient(tx, { ...body, channel: 'staff', bookedBy: principal.subject, now: ctx.now(), futureOnly: false, preventiveOnly: true });
      await auditPatients(ctx, tx, request, principal, 'create', 'Appointment', [body.patientId]);
      return booked;
    });
    return reply.status(201).type(JSON_TYPE).send({ appointment: appointmentSummary(appointment) });
  });
}
