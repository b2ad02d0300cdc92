import { z } from 'zod';

/** Small shared pieces of the contract. Dates are ISO strings: they cross JSON and IPC unchanged. */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
export const IsoDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, 'expected an ISO date-time');
export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9\-.]+$/, 'expected a FHIR id');
export const Empty = z.object({}).strict();

/** Free clinical text: long enough for a real note, bounded so nobody can post a novel. */
export const ClinicalText = z.string().max(20_000);
export const ShortText = z.string().trim().max(200);

export const LANGUAGES = ['ru', 'be', 'en'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;
