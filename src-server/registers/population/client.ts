import { callRegister, parseAnswer, RegisterUnavailableError, type RegisterEndpoint } from '../http-json.js';
import { ChangesPageSchema, REGISTER_NAME, RegisterRecordSchema, type PopulationRegister } from './register.js';

/** The population register at a real endpoint (or a simulator: the same API). */
export function populationRegisterClient(endpoint: RegisterEndpoint): PopulationRegister {
  return {
    async lookup(personalNumber) {
      const answer = await callRegister(REGISTER_NAME, endpoint, { method: 'GET', path: `/persons/${encodeURIComponent(personalNumber)}` });
      if (answer.status === 404) return null;
      if (answer.status !== 200) throw new RegisterUnavailableError(REGISTER_NAME, `it refused the lookup (${answer.status})`);
      return parseAnswer(REGISTER_NAME, RegisterRecordSchema, answer.body);
    },
    async changesAfter(afterSeq, limit) {
      const answer = await callRegister(REGISTER_NAME, endpoint, { method: 'GET', path: `/changes?after=${afterSeq}&limit=${limit}` });
      if (answer.status !== 200) throw new RegisterUnavailableError(REGISTER_NAME, `it refused the changes feed (${answer.status})`);
      return parseAnswer(REGISTER_NAME, ChangesPageSchema, answer.body).changes;
    },
  };
}
