import { OperationOutcomeError, outcome } from '../../shared/fhir/outcomes.js';
import { RegisterUnavailableError } from './http-json.js';

/** A register that cannot be reached is a 503 with code `transient`: the caller may retry later. */
export function unavailable(error: RegisterUnavailableError): OperationOutcomeError {
  return new OperationOutcomeError(503, outcome('error', 'transient', `${error.message}; try again later`));
}

/** Runs a register call, turning unavailability into the 503 OperationOutcome. */
export async function orUnavailable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof RegisterUnavailableError ? unavailable(error) : error;
  }
}
