import { z } from 'zod';
import { Language } from './common.js';

export const SettingsSchema = z.object({
  language: Language,
  /** Minutes of inactivity before the screen locks. */
  idleLockMinutes: z.number().int().min(1).max(60),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const SettingsSetInputSchema = SettingsSchema.partial();
