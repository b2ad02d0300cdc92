import { z } from 'zod';

export const Icd10CodeSchema = z.object({ code: z.string(), title: z.string() });
export type Icd10Code = z.infer<typeof Icd10CodeSchema>;

export const Icd10SearchInputSchema = z.object({
  /** A code prefix (J06, j06.9) or words of the Russian title (острый бронх). */
  query: z.string().trim().min(1).max(100),
  limit: z.number().int().min(1).max(50).default(15),
});
export const Icd10SearchOutputSchema = z.object({ items: z.array(Icd10CodeSchema) });
