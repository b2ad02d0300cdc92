import { z } from 'zod';
import { Id } from './common.js';
import { RebookListSchema, SaveScheduleResponseSchema, ScheduleChoicesSchema, ScheduleDefinitionInputSchema, ScheduleListSchema } from './schedule.js';

/**
 * The workstation API's online scheduling methods: a clinic administrator's schedule definitions
 * (read and saved at Central, which regenerates the slots) and the rebook list registrars work
 * through. Unlike the desk these need the network: offline they answer `unavailable`.
 */
export const ScheduleDefinitionsOutputSchema = ScheduleListSchema;

export const SaveDefinitionInputSchema = z.object({
  /** Absent: a new schedule. */
  scheduleId: Id.optional(),
  definition: ScheduleDefinitionInputSchema,
  /** The version the administrator edited; Central refuses the save if someone changed it since. */
  baseVersion: z.number().int().positive().optional(),
});
export type SaveDefinitionInput = z.input<typeof SaveDefinitionInputSchema>;

export const SaveDefinitionOutputSchema = SaveScheduleResponseSchema;
export type SaveDefinitionOutput = z.infer<typeof SaveDefinitionOutputSchema>;

export const RebookListOutputSchema = RebookListSchema;

/** Who and where a schedule may be for: the clinic's doctors with their roles, its places, the specialties in use. */
export const DefinitionChoicesOutputSchema = ScheduleChoicesSchema;
