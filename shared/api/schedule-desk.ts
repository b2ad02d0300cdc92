import { z } from 'zod';
import { APPOINTMENT_MARKS } from '../domain/appointment-status.js';
import { BookingRefusalSchema } from '../fhir/booking-refusal.js';
import { Id, IsoDate, IsoDateTime, ShortText } from './common.js';
import { PreventiveDueListSchema, WALK_IN_ACTIONS, WalkInEntrySchema } from './schedule-booking.js';
import { SpecialtySchema, VisitTypeSchema } from './schedule.js';
import { AppointmentSummarySchema, FreeSlotSchema } from './schedule-views.js';

/**
 * The registrar's desk on the workstation: the workstation API's scheduling methods. They read the
 * locally synchronised Schedules, Slots and Appointments (the view is built by the same
 * shared/fhir/schedule-view.ts Central uses) and write locally at once, queuing `book`, `cancel`
 * and `update` mutations for Central, so the desk works offline. Central decides every booking;
 * one it refuses comes back as a booking refusal (`schedule.refusals`).
 */
const SpecialtyCode = z.string().regex(/^[a-z0-9-]{1,64}$/, 'expected a specialty code');

/** Whose schedules: one schedule (a doctor's) or every schedule of a specialty. */
const Whose = z
  .object({ scheduleId: Id.optional(), specialty: SpecialtyCode.optional() })
  .refine((q) => (q.scheduleId ? 1 : 0) + (q.specialty ? 1 : 0) === 1, 'name exactly one of scheduleId, specialty');

export const ScheduleDirectoryEntrySchema = z.object({ scheduleId: Id, display: z.string(), practitionerId: Id.nullable(), specialty: SpecialtySchema.nullable() });
export const ScheduleDirectoryOutputSchema = z.object({ schedules: z.array(ScheduleDirectoryEntrySchema), specialties: z.array(SpecialtySchema) });
export type ScheduleDirectory = z.infer<typeof ScheduleDirectoryOutputSchema>;

export const ScheduleViewInputSchema = z.intersection(Whose, z.object({ from: IsoDate, days: z.union([z.literal(1), z.literal(7)]).default(1) }));

export const NextFreeInputSchema = z.intersection(
  Whose,
  z.object({ visitType: VisitTypeSchema.optional(), from: IsoDateTime.optional(), limit: z.number().int().min(1).max(50).default(5) }),
);
export const NextFreeOutputSchema = z.object({ slots: z.array(FreeSlotSchema) });

export const DeskBookInputSchema = z.object({
  slotId: Id,
  patientId: Id,
  /** Chosen by the caller so a repeated call cannot book twice; a new id when absent. */
  appointmentId: Id.optional(),
  comment: ShortText.optional(),
});
export type DeskBookInput = z.infer<typeof DeskBookInputSchema>;
/** A booking as the desk answers it: `pending` until Central confirms the slot. */
export const DeskAppointmentOutputSchema = z.object({ appointment: AppointmentSummarySchema, pending: z.boolean() });
export type DeskAppointment = z.infer<typeof DeskAppointmentOutputSchema>;

export const DeskCancelInputSchema = z.object({ appointmentId: Id, reason: z.string().trim().min(3).max(500) });
export type DeskCancelInput = z.infer<typeof DeskCancelInputSchema>;
export const DeskRescheduleInputSchema = z.object({ appointmentId: Id, slotId: Id, reason: ShortText.optional() });
export type DeskRescheduleInput = z.infer<typeof DeskRescheduleInputSchema>;
export const DeskMarkInputSchema = z.object({ appointmentId: Id, status: z.enum(APPOINTMENT_MARKS) });

export const WalkInsInputSchema = z.object({ date: IsoDate.optional() });
export const WalkInsOutputSchema = z.object({ date: IsoDate, entries: z.array(WalkInEntrySchema) });
export const AddWalkInInputSchema = z.object({ patientId: Id, practitionerId: Id.optional(), note: ShortText.optional() });
export const WalkInActionInputSchema = z.object({ appointmentId: Id, action: z.enum(WALK_IN_ACTIONS) });
export const WalkInEntryOutputSchema = z.object({ entry: WalkInEntrySchema });

export const DeskPreventiveDueInputSchema = z.object({
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0),
  unbookedOnly: z.boolean().default(false),
});
export const DeskPreventiveDueOutputSchema = PreventiveDueListSchema;

/**
 * A booking made here that Central refused (the slot was taken meanwhile, from the cabinet or
 * another workstation): what was tried, why not, whom to call, and the nearest free slots.
 */
export const DeskRefusalSchema = z.object({
  /** The inbox item that holds it; resolving the refusal resolves the item. */
  id: Id,
  createdAt: IsoDateTime,
  attempted: z.object({ slotId: Id, start: IsoDateTime.nullable(), scheduleDisplay: z.string().nullable() }),
  refusal: BookingRefusalSchema,
  /** A refused move: the appointment, still at its old time, that an alternative moves. */
  movedAppointmentId: Id.nullable().optional(),
  /** A refused move: the time the appointment keeps (Central put it back there), to say it to the registrar. */
  keptStart: IsoDateTime.nullable().optional(),
});
export type DeskRefusal = z.infer<typeof DeskRefusalSchema>;
export const DeskRefusalsOutputSchema = z.object({ items: z.array(DeskRefusalSchema) });
/** Book one of the alternatives for the refused booking's patient, or move the refused move's appointment there (or none: the registrar will call), and close the refusal. */
export const ResolveRefusalInputSchema = z.object({ id: Id, slotId: Id.optional() });
export const ResolveRefusalOutputSchema = z.object({ resolved: Id, booked: DeskAppointmentOutputSchema.nullable() });
