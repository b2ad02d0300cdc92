import { z } from 'zod';

/**
 * Every API call answers `{ok: true, value}` or `{ok: false, error}`: errors cross the IPC and HTTP
 * boundaries as data, so the renderer never has to guess what a thrown object looks like.
 */
export const API_ERROR_CODES = [
  'invalid', // the input did not match the method's schema; `field` names the first bad one
  'unauthenticated', // nobody is logged in
  'locked', // the session is locked: unlock first
  'forbidden', // the role may not do this
  'not-found',
  'duplicate', // e.g. a patient with this personal number is already registered
  'conflict',
  'unavailable', // needs Central or the register, and they cannot be reached now
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export const ApiErrorSchema = z.object({
  code: z.enum(API_ERROR_CODES),
  message: z.string(),
  field: z.string().optional(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });
export const err = (code: ApiErrorCode, message: string, field?: string): ApiResult<never> => ({
  ok: false,
  error: field === undefined ? { code, message } : { code, message, field },
});

/** The same shape, as a schema: transports check what they forward. */
export const ApiResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorSchema }),
]);
