import { z } from 'zod';
import { STAFF_ROLES } from '../domain/roles.js';
import { ShortText } from './common.js';

export const ClinicSchema = z.object({ id: z.string(), name: z.string() });
export const StaffUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(STAFF_ROLES),
});
export type StaffUser = z.infer<typeof StaffUserSchema>;

/**
 * `signed-out`: nobody is logged in; `locked`: a user is logged in but the screen is locked (idle or
 * on request) and the store key is out of memory; `active`: working. The clinic is known as soon as
 * the workstation is enrolled, so the header can show it on every screen, the login screen included.
 */
export const SessionStatusSchema = z.object({
  state: z.enum(['not-enrolled', 'signed-out', 'locked', 'active']),
  clinic: ClinicSchema.nullable(),
  user: StaffUserSchema.nullable(),
  /** Idle time after which the session locks, in seconds. */
  idleLockSeconds: z.number().int().positive(),
});
export type SessionStatus = z.infer<typeof SessionStatusSchema>;

export const LoginInputSchema = z.object({
  username: ShortText.min(1),
  password: z.string().min(1).max(200),
});
export const UnlockInputSchema = z.object({ password: z.string().min(1).max(200) });
