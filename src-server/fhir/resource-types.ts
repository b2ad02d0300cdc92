import { AUDIT_TYPES, SUPPORTED_TYPES, type SupportedType } from '../../shared/domain/access.js';
import { badRequest, notFound } from '../../shared/fhir/outcomes.js';

/**
 * The types the FHIR store keeps: every supported type but AuditEvent, which the audit trail keeps
 * in a table of its own and serves read-only (routes/audit.ts).
 */
export const STORED_TYPES: readonly SupportedType[] = SUPPORTED_TYPES.filter((type) => !(AUDIT_TYPES as readonly string[]).includes(type));

/** A FHIR id: 1-64 of letters, digits, '-' and '.' (R4 `id` datatype). */
export const FHIR_ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;

export function isStoredType(value: unknown): value is SupportedType {
  return typeof value === 'string' && (STORED_TYPES as readonly string[]).includes(value);
}

/**
 * Names a client-supplied word in a message only when it is plainly a word: anything else (markup,
 * quotes, control characters) is left out rather than echoed.
 */
export function nameIfPlain(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(value) ? ` ${value}` : '';
}

/** The resource type of a URL segment, or a 404 naming it (when it is a plain word). */
export function requireStoredType(value: unknown): SupportedType {
  if (isStoredType(value)) return value;
  throw notFound(`Resource type${nameIfPlain(value)} is not supported by this server`);
}

export function requireValidId(value: unknown, what = 'id'): string {
  if (typeof value === 'string' && FHIR_ID_PATTERN.test(value)) return value;
  throw badRequest(`The ${what} is not a valid FHIR id (1-64 letters, digits, '-' or '.')`);
}
