import { isOperationOutcomeError } from '../../shared/fhir/outcomes.js';
import type { ApiError, ApiErrorCode } from '../../shared/api/result.js';

/** A refusal a person should read: the handler map turns it into `{ok: false, error}` unchanged. */
export class ServiceError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

const STATUS_CODES: Record<number, ApiErrorCode> = { 400: 'invalid', 401: 'unauthenticated', 403: 'forbidden', 404: 'not-found', 409: 'conflict', 412: 'conflict', 422: 'invalid', 503: 'unavailable' };

/** Anything thrown below the handlers, as data. Unknown errors never leak their text to the UI. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ServiceError) return error.field ? { code: error.code, message: error.message, field: error.field } : { code: error.code, message: error.message };
  if (isOperationOutcomeError(error)) {
    const field = error.outcome.issue?.[0]?.expression?.[0];
    const code = STATUS_CODES[error.status] ?? 'internal';
    return field ? { code, message: error.message, field } : { code, message: error.message };
  }
  return { code: 'internal', message: 'Internal error in the workstation service' };
}
