import { z } from 'zod';
import { SICK_LEAVE_REASONS } from '../domain/sick-leave-rules.js';

/**
 * The `sick-leave` mutation's arguments: one step of an electronic sick-leave certificate made at a
 * workstation. The certificate id is chosen by the workstation, so a step queued offline after an
 * open also queued offline names the same certificate. The peer checks the step by the Fund's rules
 * and puts it in its own outbox to the Social Protection Fund in the same transaction.
 */
const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const certificateId = z.string().regex(ID, 'must be a FHIR id');

export const sickLeaveArgsSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('open'),
    certificateId,
    patientId: z.string().regex(ID, 'must be a FHIR id'),
    encounterId: z.string().regex(ID, 'must be a FHIR id').optional(),
    reason: z.enum(SICK_LEAVE_REASONS),
    diagnosis: z.string().regex(/^[A-Z]\d{2}(\.\d{1,2})?$/, 'expected an ICD-10 code such as J06.9'),
    from: IsoDate,
    to: IsoDate,
  }),
  z.object({ action: z.literal('extend'), certificateId, to: IsoDate }),
  z.object({ action: z.literal('close'), certificateId, returnToWorkOn: IsoDate }),
  z.object({ action: z.literal('cancel'), certificateId, reason: z.string().trim().min(1).max(500) }),
]);
export type SickLeaveArgs = z.infer<typeof sickLeaveArgsSchema>;
