import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, ShortText } from './common.js';

export const SexSchema = z.enum(['male', 'female', 'other', 'unknown']);

/** One row of a patient list: enough to tell two people apart at the registration desk. */
export const PatientSummarySchema = z.object({
  id: Id,
  personalNumber: z.string().nullable(),
  family: z.string(),
  given: z.string(),
  patronymic: z.string().nullable(),
  birthDate: IsoDate.nullable(),
  sex: SexSchema,
  /** Whether the whole record is on this workstation, and as of when it was last synchronised. */
  record: z.object({ local: z.boolean(), asOf: IsoDateTime.nullable() }),
});
export type PatientSummary = z.infer<typeof PatientSummarySchema>;

export const PatientSearchInputSchema = z.object({
  /** Surname/name prefix in Cyrillic or Latin, a personal number, or a birth date (ДД.ММ.ГГГГ or ISO). */
  query: z.string().trim().min(1).max(100),
  limit: z.number().int().min(1).max(100).default(20),
});
export const PatientSearchOutputSchema = z.object({ items: z.array(PatientSummarySchema) });

/** What the population register knows about a person. */
export const RegisterPersonSchema = z.object({
  personalNumber: z.string(),
  family: z.string(),
  given: z.string(),
  patronymic: z.string().nullable(),
  birthDate: IsoDate,
  sex: SexSchema,
  address: z.string().nullable(),
});
export type RegisterPerson = z.infer<typeof RegisterPersonSchema>;

export const LookupRegisterInputSchema = z.object({ personalNumber: z.string().trim().min(1).max(20) });
export const LookupRegisterOutputSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('found'), person: RegisterPersonSchema }),
  z.object({ status: z.literal('not-found') }),
  /** The register cannot be reached: register from the form, the lookup runs when back online. */
  z.object({ status: z.literal('offline') }),
  /** Already registered here: open that record instead of creating a second one. */
  z.object({ status: z.literal('already-registered'), patient: PatientSummarySchema }),
]);
export type LookupRegisterOutput = z.infer<typeof LookupRegisterOutputSchema>;

export const RegisterPatientInputSchema = z.object({
  personalNumber: z.string().trim().min(1).max(20),
  family: ShortText.min(1),
  given: ShortText.min(1),
  patronymic: ShortText.optional(),
  birthDate: IsoDate,
  sex: SexSchema,
  address: ShortText.optional(),
  phone: z.string().trim().max(32).regex(/^[0-9+()\- ]*$/, 'digits, spaces, + ( ) -').optional(),
});
export type RegisterPatientInput = z.infer<typeof RegisterPatientInputSchema>;
export const RegisterPatientOutputSchema = z.object({
  patient: PatientSummarySchema,
  /** `confirmed`: the register confirmed the person; `pending`: it will be checked when online. */
  registerCheck: z.enum(['confirmed', 'pending']),
});

/**
 * A patient outside this workstation's scope, fetched whole from Central while online. Opening a
 * record the clinic does not hold is break-the-glass: the reason is required and goes into the
 * audit trail the patient can read.
 */
export const FetchRemoteInputSchema = z.object({
  personalNumber: z.string().trim().min(1).max(20),
  reason: z.string().trim().min(3, 'state why you need this record').max(500),
});
export const FetchRemoteOutputSchema = z.object({ patient: PatientSummarySchema });
