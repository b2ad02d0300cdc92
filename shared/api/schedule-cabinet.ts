import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, ShortText } from './common.js';
import { REBOOK_REASONS, VisitTypeSchema } from './schedule.js';
import { AppointmentSummarySchema, FreeSlotSchema } from './schedule-views.js';

/**
 * The patient's cabinet (`/cabinet/...`, a patient token from POST /auth/patient-login): their own
 * appointments and what the clinic changed in them, free slots of their clinic, booking and
 * cancelling their own visits and preventive examinations. Nothing here names a patient: Central
 * takes the patient from the token.
 */
export const CabinetAppointmentSchema = AppointmentSummarySchema.extend({
  practitionerName: z.string().nullable(),
  locationName: z.string().nullable(),
});
export type CabinetAppointment = z.infer<typeof CabinetAppointmentSchema>;
export const CabinetAppointmentsSchema = z.object({ appointments: z.array(CabinetAppointmentSchema) });

export const SCHEDULE_CHANGE_KINDS = ['cancelled-by-clinic', 'rescheduled-by-clinic', 'rebook-needed'] as const;
export const ScheduleChangeSchema = z.object({
  appointmentId: Id,
  kind: z.enum(SCHEDULE_CHANGE_KINDS),
  at: IsoDateTime,
  /** Why: the clinic's words for a cancellation, or a REBOOK_REASONS code. */
  reason: z.string().nullable(),
  rebookReason: z.enum(REBOOK_REASONS).nullable(),
  previousStart: IsoDateTime.nullable(),
  start: IsoDateTime.nullable(),
});
export type ScheduleChange = z.infer<typeof ScheduleChangeSchema>;
export const ScheduleChangesSchema = z.object({ changes: z.array(ScheduleChangeSchema) });
export const ScheduleChangesQuerySchema = z.object({ since: IsoDateTime.optional() });

export const CabinetFreeSlotsQuerySchema = z.object({
  visitType: VisitTypeSchema.optional(),
  specialty: z.string().regex(/^[a-z0-9-]{1,64}$/).optional(),
  practitionerId: Id.optional(),
  from: IsoDateTime.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const CabinetFreeSlotsSchema = z.object({ slots: z.array(FreeSlotSchema), bookingsLeftToday: z.number().int().nonnegative() });

export const CabinetBookRequestSchema = z.object({ slotId: Id, appointmentId: Id.optional(), comment: ShortText.optional() });
export const CabinetCancelRequestSchema = z.object({ reason: ShortText.optional() });

export const CabinetPreventiveSchema = z.object({
  due: z.boolean(),
  dueDate: IsoDate,
  lastExamDate: IsoDate.nullable(),
  booked: z.object({ appointmentId: Id, start: IsoDateTime }).nullable(),
});
