import { z } from 'zod';
import { ABSENCE_REASONS } from '../domain/slot-plan.js';
import { VISIT_TYPES } from '../domain/visit-types.js';
import { isTimeZone, minutesOf } from '../domain/zoned-time.js';
import { Id, IsoDate, IsoDateTime, ShortText } from './common.js';

/**
 * Central's scheduling HTTP contract, part 1: a clinic administrator's schedule definitions
 * (`/scheduling/schedules`) and what regenerating their slots did. Both Central and the
 * workstation parse with these schemas; the types are inferred from them.
 */
export const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
/** An end of hours may be midnight. */
export const EndTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected HH:MM');
export const Weekday = z.number().int().min(1).max(7);
export const VisitTypeSchema = z.enum(VISIT_TYPES);
export const SpecialtySchema = z.object({ code: z.string().regex(/^[a-z0-9-]{1,64}$/, 'expected a specialty code'), display: z.string().trim().min(1).max(100) });
export type Specialty = z.infer<typeof SpecialtySchema>;

const ordered = (value: { start: string; end: string }) => minutesOf(value.start) < minutesOf(value.end);
const WorkingHoursSchema = z.object({ weekday: Weekday, start: Time, end: EndTime, visitType: VisitTypeSchema.optional() }).refine(ordered, 'start must be before end');
const BreakSchema = z.object({ weekday: Weekday.optional(), start: Time, end: EndTime }).refine(ordered, 'start must be before end');
const AbsenceSchema = z
  .object({ from: IsoDate, to: IsoDate, startTime: Time.optional(), endTime: EndTime.optional(), reason: z.enum(ABSENCE_REASONS), note: ShortText.optional() })
  .refine((a) => a.from <= a.to, 'from must not be after to')
  .refine((a) => (a.startTime === undefined) === (a.endTime === undefined), 'startTime and endTime come together')
  .refine((a) => a.startTime === undefined || minutesOf(a.startTime) < minutesOf(a.endTime!), 'startTime must be before endTime');

export const ScheduleDefinitionInputSchema = z
  .object({
    practitionerId: Id,
    practitionerRoleId: Id.optional(),
    locationId: Id,
    specialty: SpecialtySchema,
    /** How the schedule is shown ("Иванова А. П., терапевт, каб. 214"); from the doctor's name when absent. */
    display: ShortText.min(1).optional(),
    timeZone: z.string().max(64).refine(isTimeZone, 'unknown time zone').default('Europe/Minsk'),
    active: z.boolean().default(true),
    /** How far ahead slots are generated. */
    horizonWeeks: z.number().int().min(1).max(26).default(4),
    defaultVisitType: VisitTypeSchema.default('follow-up'),
    slotMinutes: z.partialRecord(VisitTypeSchema, z.number().int().min(5).max(240)),
    hours: z.array(WorkingHoursSchema).max(100),
    breaks: z.array(BreakSchema).max(50).default([]),
    holidays: z.array(IsoDate).max(400).default([]),
    absences: z.array(AbsenceSchema).max(400).default([]),
  })
  .superRefine((definition, context) => {
    for (const [index, block] of definition.hours.entries()) {
      const visitType = block.visitType ?? definition.defaultVisitType;
      if (!definition.slotMinutes[visitType]) context.addIssue({ code: 'custom', path: ['hours', index, 'visitType'], message: `no slot length is set for ${visitType}` });
      const clash = definition.hours.findIndex((other, j) => j !== index && other.weekday === block.weekday && minutesOf(other.start) < minutesOf(block.end) && minutesOf(block.start) < minutesOf(other.end));
      if (clash >= 0 && clash < index) context.addIssue({ code: 'custom', path: ['hours', index], message: `overlaps hours[${clash}] on the same weekday` });
    }
  });
export type ScheduleDefinitionInput = z.input<typeof ScheduleDefinitionInputSchema>;
export type ScheduleDefinitionFields = z.output<typeof ScheduleDefinitionInputSchema>;

export const ScheduleDefinitionSchema = z.object({
  scheduleId: Id,
  organizationId: Id,
  /** Goes up by one with every change; send it back as `baseVersion` to refuse a stale edit. */
  version: z.number().int().positive(),
  updatedAt: IsoDateTime,
  definition: ScheduleDefinitionInputSchema,
});
export type ScheduleDefinition = z.infer<typeof ScheduleDefinitionSchema>;

export const SaveScheduleRequestSchema = z.object({ definition: ScheduleDefinitionInputSchema, baseVersion: z.number().int().positive().optional() });
export type SaveScheduleRequest = z.input<typeof SaveScheduleRequestSchema>;

/** Someone to call: who a booking is for and how to reach them. */
export const PatientContactSchema = z.object({ patientId: Id, name: z.string(), phone: z.string().nullable(), birthDate: IsoDate.nullable() });
export type PatientContact = z.infer<typeof PatientContactSchema>;

export const REBOOK_REASONS = ['holiday', ...ABSENCE_REASONS, 'hours-changed', 'schedule-closed'] as const;

/** A booking whose slot left the schedule: still booked, but a registrar must move or cancel it. */
export const RebookItemSchema = z.object({
  appointmentId: Id,
  scheduleId: Id,
  slotId: Id,
  start: IsoDateTime,
  reason: z.enum(REBOOK_REASONS),
  since: IsoDateTime,
  patient: PatientContactSchema,
});
export type RebookItem = z.infer<typeof RebookItemSchema>;

export const RegenerationReportSchema = z.object({
  scheduleId: Id,
  /** Local dates covered, `to` exclusive. Slots before the moment of regeneration are never touched. */
  from: IsoDate,
  to: IsoDate,
  created: z.number().int(),
  updated: z.number().int(),
  removed: z.number().int(),
  /** Bookings whose slot left the schedule in this run (they also stay in the rebook list). */
  affected: z.array(RebookItemSchema),
});
export type RegenerationReport = z.infer<typeof RegenerationReportSchema>;

export const SaveScheduleResponseSchema = z.object({ schedule: ScheduleDefinitionSchema, regeneration: RegenerationReportSchema });
export const ScheduleListSchema = z.object({ schedules: z.array(ScheduleDefinitionSchema) });
export const RebookListSchema = z.object({ items: z.array(RebookItemSchema) });

/**
 * What a clinic administrator picks from when defining a schedule (`/scheduling/schedule-choices`):
 * the clinic's practitioners by role, its places by name, and the specialties its schedules use.
 */
export const ScheduleDoctorSchema = z.object({
  practitionerId: Id,
  practitionerRoleId: Id.nullable(),
  name: z.string(),
  /** The role's title ("Врач-терапевт участковый"). */
  role: z.string().nullable(),
  /** The specialty a schedule of this doctor is filed under: the one the clinic already uses for it, or the role's own. */
  specialty: SpecialtySchema.nullable(),
  /** Where the role usually works, when the role says. */
  locationId: Id.nullable(),
  /** How many schedules this doctor already has at the clinic. */
  schedules: z.number().int().nonnegative(),
});
export type ScheduleDoctor = z.infer<typeof ScheduleDoctorSchema>;

export const ScheduleLocationSchema = z.object({ locationId: Id, name: z.string(), partOf: z.string().nullable() });
export type ScheduleLocation = z.infer<typeof ScheduleLocationSchema>;

export const ScheduleChoicesSchema = z.object({
  doctors: z.array(ScheduleDoctorSchema),
  locations: z.array(ScheduleLocationSchema),
  specialties: z.array(SpecialtySchema),
});
export type ScheduleChoices = z.infer<typeof ScheduleChoicesSchema>;
