import { z } from 'zod';

/**
 * The Social Protection Fund (ФСЗН): electronic sick-leave certificates (электронный листок
 * нетрудоспособности). A doctor opens a certificate at a visit, extends it, closes it when the
 * patient returns to work, or cancels one issued in error; each step is an operation sent to the
 * Fund, which answers with the certificate's number and state or refuses with a reason.
 *
 * Every operation carries an id of its own, and the Fund treats a repeated id as the same
 * operation (it answers what it answered the first time): Central can resend after a lost answer
 * without a certificate being opened twice.
 */
export const REGISTER_NAME = 'Social Protection Fund';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const FundOperationSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('open'),
    personalNumber: z.string(),
    patientName: z.string(),
    issuerUnp: z.string(),
    issuerName: z.string(),
    practitioner: z.string(),
    /** Why the person cannot work: disease, injury, care (of a family member), quarantine. */
    reason: z.enum(['disease', 'injury', 'care', 'quarantine']),
    diagnosis: z.string(),
    from: IsoDate,
    to: IsoDate,
  }),
  z.object({ kind: z.literal('extend'), to: IsoDate, practitioner: z.string() }),
  z.object({ kind: z.literal('close'), returnToWorkOn: IsoDate, practitioner: z.string() }),
  z.object({ kind: z.literal('cancel'), reason: z.string().min(1) }),
]);
export type FundOperation = z.infer<typeof FundOperationSchema>;

export const FundAcceptedSchema = z.object({
  operationId: z.string(),
  certificateNumber: z.string(),
  status: z.enum(['open', 'closed', 'cancelled']),
  from: IsoDate,
  to: IsoDate,
  acceptedAt: z.string(),
});
export const FundRefusedSchema = z.object({ operationId: z.string(), refused: z.string() });

export type FundAnswer = ({ accepted: true } & z.infer<typeof FundAcceptedSchema>) | { accepted: false; reason: string };

export interface SocialFund {
  /** Sends one operation. Throws RegisterUnavailableError when the Fund cannot be reached (send it again later, same id). */
  submit(certificateId: string, operationId: string, operation: FundOperation): Promise<FundAnswer>;
}
