import { z } from 'zod';
import { ClinicalText, Id, IsoDateTime, ShortText } from './common.js';

export const VisitDiagnosisSchema = z.object({
  code: z.string().trim().min(3).max(10),
  title: z.string().max(500),
  /** The main diagnosis of the visit; the others are concomitant. */
  primary: z.boolean(),
});
export const PrescriptionSchema = z.object({
  medication: ShortText.min(1),
  dosage: z.string().trim().max(500),
});

/**
 * A visit as the doctor documents it. Saved locally at once (offline or not); `encounterId` is
 * returned on the first save and sent back on later saves so the same visit is updated.
 */
export const VisitSaveInputSchema = z.object({
  patientId: Id,
  encounterId: Id.optional(),
  complaints: ClinicalText.default(''),
  anamnesis: ClinicalText.default(''),
  examination: ClinicalText.default(''),
  diagnoses: z.array(VisitDiagnosisSchema).max(20).default([]),
  plan: ClinicalText.default(''),
  prescriptions: z.array(PrescriptionSchema).max(30).default([]),
  /** `final` signs the visit off; a draft can still be edited. */
  status: z.enum(['draft', 'final']).default('draft'),
});
export type VisitSaveInput = z.input<typeof VisitSaveInputSchema>;

export const VisitSaveOutputSchema = z.object({
  encounterId: Id,
  savedAt: IsoDateTime,
  /** True while the change waits in the outbox for Central. */
  pendingSync: z.boolean(),
});
