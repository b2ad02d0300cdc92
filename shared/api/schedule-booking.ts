import { z } from 'zod';
import { APPOINTMENT_MARKS } from '../domain/appointment-status.js';
import type { PreventiveExamReason } from '../domain/preventive.js';
import { Id, IsoDate, IsoDateTime, ShortText } from './common.js';
import { PatientContactSchema } from './schedule.js';
import { AppointmentStatusSchema } from './schedule-views.js';

/**
 * Central's scheduling HTTP contract, part 3: the registrar's commands. Every command answers
 * `{ appointment: AppointmentSummary }`; a refused booking answers 409 with an OperationOutcome
 * that shared/fhir/booking-refusal.ts reads (nearest free alternatives, the patient's phone).
 */
export const BookRequestSchema = z.object({
  slotId: Id,
  patientId: Id,
  /** Chosen by the caller so a retried request cannot book twice; a server id when absent. */
  appointmentId: Id.optional(),
  comment: ShortText.optional(),
});
export type BookRequest = z.infer<typeof BookRequestSchema>;

export const RescheduleRequestSchema = z.object({ slotId: Id, reason: ShortText.optional() });
export const CancelRequestSchema = z.object({ reason: z.string().trim().min(3).max(500) });
export const MarkRequestSchema = z.object({ status: z.enum(APPOINTMENT_MARKS) });

export const WalkInRequestSchema = z.object({
  patientId: Id,
  /** The doctor the patient waits for; any doctor of the clinic when absent. */
  practitionerId: Id.optional(),
  note: ShortText.optional(),
});
export const WALK_IN_ACTIONS = ['call', 'done', 'left'] as const;
export const WalkInActionSchema = z.enum(WALK_IN_ACTIONS);

export const WalkInEntrySchema = z.object({
  appointmentId: Id,
  position: z.number().int().positive(),
  patient: PatientContactSchema,
  practitionerId: Id.nullable(),
  queuedAt: IsoDateTime,
  status: AppointmentStatusSchema,
  note: z.string().nullable(),
});
export type WalkInEntry = z.infer<typeof WalkInEntrySchema>;
export const WalkInQueueSchema = z.object({ date: IsoDate, entries: z.array(WalkInEntrySchema) });
export const WalkInQueueQuerySchema = z.object({ date: IsoDate.optional(), practitionerId: Id.optional(), all: z.enum(['true', 'false']).optional() });

const PREVENTIVE_EXAM_REASONS = ['never-examined', 'interval-elapsed', 'up-to-date', 'under-age'] as const satisfies readonly PreventiveExamReason[];

export const PreventiveDueQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  /** Leave out patients who already have a preventive examination booked. */
  unbookedOnly: z.enum(['true', 'false']).default('false'),
});

export const PreventiveDueEntrySchema = z.object({
  patient: PatientContactSchema,
  age: z.number().int(),
  dueDate: IsoDate,
  reason: z.enum(PREVENTIVE_EXAM_REASONS),
  lastExamDate: IsoDate.nullable(),
  booked: z.object({ appointmentId: Id, start: IsoDateTime }).nullable(),
});
export type PreventiveDueEntry = z.infer<typeof PreventiveDueEntrySchema>;
export const PreventiveDueListSchema = z.object({ asOf: IsoDate, total: z.number().int(), entries: z.array(PreventiveDueEntrySchema) });
export type PreventiveDueList = z.infer<typeof PreventiveDueListSchema>;

export const PreventiveBookRequestSchema = z.object({ patientId: Id, slotId: Id, appointmentId: Id.optional() });
