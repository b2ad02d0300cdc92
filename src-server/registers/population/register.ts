import { z } from 'zod';

/**
 * The population register (реестр населения): who lives in Belarus, by personal number. Central
 * asks it when a person is registered and follows its feed of changes (a new surname, a move, a
 * death). This is the interface Central codes against; client.ts speaks to the real endpoint,
 * simulator.ts plays the register locally.
 */
export const REGISTER_NAME = 'population register';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** A person as the register returns them. */
export const RegisterRecordSchema = z.object({
  personalNumber: z.string(),
  family: z.string().min(1),
  given: z.string().min(1),
  patronymic: z.string().nullable(),
  birthDate: IsoDate,
  sex: z.enum(['male', 'female']),
  address: z.string().nullable(),
  deceasedDate: IsoDate.nullable(),
});
export type RegisterRecord = z.infer<typeof RegisterRecordSchema>;

/** One change in the register's feed, in the register's order (`seq` only grows). */
export const PopulationChangeSchema = z.discriminatedUnion('kind', [
  z.object({ seq: z.number().int().positive(), personalNumber: z.string(), effective: IsoDate, kind: z.literal('surname'), family: z.string().min(1) }),
  z.object({ seq: z.number().int().positive(), personalNumber: z.string(), effective: IsoDate, kind: z.literal('address'), address: z.string().min(1) }),
  z.object({ seq: z.number().int().positive(), personalNumber: z.string(), effective: IsoDate, kind: z.literal('death') }),
]);
export type PopulationChange = z.infer<typeof PopulationChangeSchema>;

export const ChangesPageSchema = z.object({ changes: z.array(PopulationChangeSchema) });

export interface PopulationRegister {
  /** The person with this (valid, normalised) personal number; null when the register does not know them. Throws RegisterUnavailableError. */
  lookup(personalNumber: string): Promise<RegisterRecord | null>;
  /** Changes with seq greater than `afterSeq`, oldest first, at most `limit`. Throws RegisterUnavailableError. */
  changesAfter(afterSeq: number, limit: number): Promise<PopulationChange[]>;
}
