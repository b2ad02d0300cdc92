import { z } from 'zod';

/**
 * The unified state register of legal entities (ЕГР): Central asks it whether an organisation
 * exists and is active before the organisation may send records.
 */
export const REGISTER_NAME = 'register of legal entities';

export const LegalEntitySchema = z.object({
  unp: z.string(),
  /** Full name as registered. */
  name: z.string().min(1),
  shortName: z.string().min(1),
  status: z.enum(['active', 'in-liquidation', 'liquidated']),
  address: z.string(),
  registeredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export type LegalEntity = z.infer<typeof LegalEntitySchema>;

export interface LegalEntitiesRegister {
  /** The organisation with this УНП; null when the register does not know it. Throws RegisterUnavailableError. */
  find(unp: string): Promise<LegalEntity | null>;
}
