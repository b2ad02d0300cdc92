import { z } from 'zod';
import { SICK_LEAVE_REASONS } from '../domain/sick-leave-rules.js';
import { Id, IsoDate, IsoDateTime } from './common.js';

/**
 * Electronic sick-leave certificates at the workstation: opened from the visit, extended, closed
 * or cancelled from the chart, offline too. Each step is written to the outbox (a `sick-leave`
 * mutation) and reaches Central once; Central sends it on to the Social Protection Fund and keeps
 * the Fund's answer, which the workstation fetches and keeps for offline reading.
 */
const ICD10 = z.string().trim().toUpperCase().pipe(z.string().regex(/^[A-Z]\d{2}(\.\d{1,2})?$/, 'expected an ICD-10 code such as J06.9'));

export const SickLeaveReasonSchema = z.enum(SICK_LEAVE_REASONS);
export const SICK_LEAVE_STEPS = ['open', 'extend', 'close', 'cancel'] as const;

/**
 * Where a certificate stands, as the doctor sees it:
 * - pending: a step waits on this workstation for Central;
 * - sent: Central has every step, the Fund has not answered yet;
 * - accepted: the Fund confirmed every step (it gave the number);
 * - refused: the Fund refused a step, or Central did (`message` says why).
 */
export const SICK_LEAVE_STATES = ['pending', 'sent', 'accepted', 'refused'] as const;

/** What the workstation and Central both say of a certificate: the same seven fields. */
const CertificateBaseSchema = z.object({
  id: Id,
  patientId: Id,
  encounterId: Id.nullable(),
  reason: SickLeaveReasonSchema,
  diagnosis: z.string(),
  /** As the doctor now wants it, steps not yet sent included (at the workstation). */
  status: z.enum(['open', 'closed', 'cancelled']),
  period: z.object({ from: IsoDate, to: IsoDate }),
});

export const SickLeaveCertificateSchema = CertificateBaseSchema.extend({
  state: z.enum(SICK_LEAVE_STATES),
  certificateNumber: z.string().nullable(),
  message: z.string().nullable(),
  /** The machine code of Central's refusal (shared/fhir/refusal-codes.ts), for the screen's words; null for the Fund's. */
  messageCode: z.string().nullable(),
  pendingSteps: z.array(z.enum(SICK_LEAVE_STEPS)),
  /** When Central's view of it was fetched; null when Central has not been asked yet. */
  asOf: IsoDateTime.nullable(),
});
export type SickLeaveCertificate = z.infer<typeof SickLeaveCertificateSchema>;

export const SickLeaveListInputSchema = z.object({ patientId: Id });
export const SickLeaveListOutputSchema = z.object({
  certificates: z.array(SickLeaveCertificateSchema),
  /** False when Central could not be asked just now: the list is what this workstation last knew. */
  refreshed: z.boolean(),
});
export type SickLeaveList = z.infer<typeof SickLeaveListOutputSchema>;

export const SickLeaveOpenInputSchema = z.object({
  patientId: Id,
  encounterId: Id.optional(),
  reason: SickLeaveReasonSchema,
  diagnosis: ICD10,
  from: IsoDate,
  to: IsoDate,
});
export type SickLeaveOpenInput = z.infer<typeof SickLeaveOpenInputSchema>;

export const SickLeaveChangeInputSchema = z.discriminatedUnion('action', [
  z.object({ certificateId: Id, action: z.literal('extend'), to: IsoDate }),
  z.object({ certificateId: Id, action: z.literal('close'), returnToWorkOn: IsoDate }),
  z.object({ certificateId: Id, action: z.literal('cancel'), reason: z.string().trim().min(3).max(500) }),
]);
export type SickLeaveChangeInput = z.infer<typeof SickLeaveChangeInputSchema>;

export const SickLeaveOutputSchema = z.object({ certificate: SickLeaveCertificateSchema });

/** Central's view of a certificate (GET /registers/sick-leave), as far as the workstation reads it. */
export const CentralCertificateSchema = CertificateBaseSchema.extend({
  fund: z.object({
    status: z.enum(['pending', 'confirmed', 'refused']),
    certificateNumber: z.string().nullable(),
    message: z.string().nullable(),
  }),
});
export type CentralCertificate = z.infer<typeof CentralCertificateSchema>;
export const CentralCertificateListSchema = z.object({ certificates: z.array(CentralCertificateSchema) });
