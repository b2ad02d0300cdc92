import { RegisterPersonSchema, type RegisterPerson } from '../../shared/api/patients.js';
import { isOperationOutcomeError } from '../../shared/fhir/outcomes.js';
import { ServiceError } from '../services/errors.js';
import { RegisterUnavailableError, type PopulationRegisterPort } from '../services/ports.js';
import type { CentralCall } from '../session/central-http.js';
import { CentralUnreachableError } from '../session/central-http.js';

/**
 * The population register, reached through Central (GET /registers/population/{number}, INTERFACES
 * item 1) with the working person's token. Unknown number: null. Central or the register down, or
 * no token (offline login): RegisterUnavailableError, and the check runs again later.
 */
export class PopulationRegisterViaCentral implements PopulationRegisterPort {
  constructor(
    private readonly call: CentralCall,
    private readonly accessToken: () => Promise<string | null>,
  ) {}

  async lookup(personalNumber: string): Promise<RegisterPerson | null> {
    const token = await this.accessToken();
    if (!token) throw new RegisterUnavailableError('Central cannot be reached (or this session has no connection to it)');
    try {
      return await this.call(`/registers/population/${encodeURIComponent(personalNumber)}`, { token, schema: RegisterPersonSchema });
    } catch (error) {
      if (error instanceof CentralUnreachableError) throw new RegisterUnavailableError(error.message);
      if (isOperationOutcomeError(error)) {
        if (error.status === 404) return null;
        if (error.status === 400) throw new ServiceError('invalid', error.message, 'personalNumber');
        if (error.status === 401) throw new RegisterUnavailableError('Central refused this session; log in again online');
      }
      throw error;
    }
  }
}
