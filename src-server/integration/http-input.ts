import { z } from 'zod';
import { badRequest } from '../../shared/fhir/outcomes.js';

/** Parses a body, params or query at the trust boundary; a refusal names the field, never echoes the value. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || 'body';
  throw badRequest(`${field}: ${issue.code === 'invalid_type' && issue.input === undefined ? 'required' : issue.message}`, field);
}

export const IdParams = z.object({ id: z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'expected an id') });
