import { z } from 'zod';
import { Id, IsoDate, IsoDateTime } from './common.js';
import { PatientSummarySchema } from './patients.js';

/**
 * The doctor's day: who is booked today and tomorrow, each with whether the full record is on this
 * workstation and as of when, so nobody discovers a missing record in front of the patient.
 */
export const AppointmentRowSchema = z.object({
  appointmentId: Id,
  start: IsoDateTime,
  end: IsoDateTime.nullable(),
  status: z.enum(['booked', 'arrived', 'fulfilled', 'cancelled', 'noshow', 'other']),
  reason: z.string().nullable(),
  practitioner: z.string().nullable(),
  patient: PatientSummarySchema,
});
export type AppointmentRow = z.infer<typeof AppointmentRowSchema>;

export const DayListInputSchema = z.object({
  /** The first day shown (defaults to today on the workstation's clock). */
  from: IsoDate.optional(),
  days: z.number().int().min(1).max(7).default(2),
});
export const DayListOutputSchema = z.object({
  days: z.array(z.object({ date: IsoDate, appointments: z.array(AppointmentRowSchema) })),
});
export type DayList = z.infer<typeof DayListOutputSchema>;
