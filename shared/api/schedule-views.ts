import { z } from 'zod';
import { Id, IsoDate, IsoDateTime } from './common.js';
import { PatientContactSchema, REBOOK_REASONS, SpecialtySchema, VisitTypeSchema } from './schedule.js';

/**
 * Central's scheduling HTTP contract, part 2: what a registrar looks at. A day or a week of one
 * doctor or of a whole specialty (`GET /scheduling/view`), the next free slots
 * (`GET /scheduling/free-slots`), and an appointment as every command answers it. The workstation
 * builds the same ScheduleView from its local copy (shared/fhir/schedule-view.ts), so online and
 * offline screens show one shape.
 */
export const APPOINTMENT_STATUSES = ['proposed', 'pending', 'booked', 'arrived', 'checked-in', 'fulfilled', 'cancelled', 'noshow', 'entered-in-error', 'waitlist'] as const;
export const AppointmentStatusSchema = z.enum(APPOINTMENT_STATUSES);

export const AppointmentSummarySchema = z.object({
  appointmentId: Id,
  status: AppointmentStatusSchema,
  start: IsoDateTime.nullable(),
  end: IsoDateTime.nullable(),
  slotId: Id.nullable(),
  visitType: VisitTypeSchema.nullable(),
  patientId: Id.nullable(),
  practitionerId: Id.nullable(),
  locationId: Id.nullable(),
  walkIn: z.boolean(),
  cancelReason: z.string().nullable(),
  cancelledBy: z.enum(['clinic', 'patient']).nullable(),
  /** Set while the slot is no longer in the doctor's schedule and the visit must be moved. */
  rebookReason: z.enum(REBOOK_REASONS).nullable(),
});
export type AppointmentSummary = z.infer<typeof AppointmentSummarySchema>;

export const AppointmentResponseSchema = z.object({ appointment: AppointmentSummarySchema });

export const SlotCellSchema = z.object({
  slotId: Id,
  start: IsoDateTime,
  end: IsoDateTime,
  visitType: VisitTypeSchema.nullable(),
  /** free | booked (an appointment holds it) | blocked (closed by the clinic) */
  state: z.enum(['free', 'booked', 'blocked']),
  appointment: AppointmentSummarySchema.extend({ patient: PatientContactSchema.nullable() }).nullable(),
  /** On the workstation: booked locally, not yet confirmed by Central. */
  pending: z.boolean(),
});
export type SlotCell = z.infer<typeof SlotCellSchema>;

export const ScheduleColumnSchema = z.object({
  scheduleId: Id,
  display: z.string(),
  practitionerId: Id.nullable(),
  locationId: Id.nullable(),
  specialty: SpecialtySchema.nullable(),
  timeZone: z.string(),
  days: z.array(z.object({ date: IsoDate, slots: z.array(SlotCellSchema) })),
});
export type ScheduleColumn = z.infer<typeof ScheduleColumnSchema>;

export const ScheduleViewQuerySchema = z
  .object({
    from: IsoDate,
    /** 1 for a day, 7 for a week. */
    days: z.coerce.number().int().min(1).max(7).default(1),
    scheduleId: Id.optional(),
    practitionerId: Id.optional(),
    specialty: z.string().regex(/^[a-z0-9-]{1,64}$/).optional(),
  })
  .refine((q) => [q.scheduleId, q.practitionerId, q.specialty].filter(Boolean).length === 1, 'name exactly one of scheduleId, practitionerId, specialty');
export type ScheduleViewQuery = z.infer<typeof ScheduleViewQuerySchema>;

export const ScheduleViewSchema = z.object({ from: IsoDate, days: z.number().int(), schedules: z.array(ScheduleColumnSchema) });
export type ScheduleView = z.infer<typeof ScheduleViewSchema>;

export const FreeSlotsQuerySchema = z.object({
  scheduleId: Id.optional(),
  practitionerId: Id.optional(),
  specialty: z.string().regex(/^[a-z0-9-]{1,64}$/).optional(),
  visitType: VisitTypeSchema.optional(),
  /** Earliest start; now when absent. */
  from: IsoDateTime.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type FreeSlotsQuery = z.infer<typeof FreeSlotsQuerySchema>;

export const FreeSlotSchema = z.object({
  slotId: Id,
  scheduleId: Id,
  start: IsoDateTime,
  end: IsoDateTime,
  visitType: VisitTypeSchema.nullable(),
  practitionerId: Id.nullable(),
  display: z.string(),
  specialty: SpecialtySchema.nullable(),
});
export type FreeSlot = z.infer<typeof FreeSlotSchema>;
export const FreeSlotsResponseSchema = z.object({ slots: z.array(FreeSlotSchema) });
