import { callRegister, parseAnswer, RegisterUnavailableError, type RegisterEndpoint } from '../http-json.js';
import { LegalEntitySchema, REGISTER_NAME, type LegalEntitiesRegister } from './register.js';

export function legalEntitiesClient(endpoint: RegisterEndpoint): LegalEntitiesRegister {
  return {
    async find(unp) {
      const answer = await callRegister(REGISTER_NAME, endpoint, { method: 'GET', path: `/entities/${encodeURIComponent(unp)}` });
      if (answer.status === 404) return null;
      if (answer.status !== 200) throw new RegisterUnavailableError(REGISTER_NAME, `it refused the lookup (${answer.status})`);
      return parseAnswer(REGISTER_NAME, LegalEntitySchema, answer.body);
    },
  };
}
