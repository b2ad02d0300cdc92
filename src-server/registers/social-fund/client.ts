import { callRegister, parseAnswer, RegisterUnavailableError, type RegisterEndpoint } from '../http-json.js';
import { FundAcceptedSchema, FundRefusedSchema, REGISTER_NAME, type SocialFund } from './fund.js';

/** The Fund at a real endpoint (or the simulator): PUT makes resending an operation harmless. */
export function socialFundClient(endpoint: RegisterEndpoint): SocialFund {
  return {
    async submit(certificateId, operationId, operation) {
      const answer = await callRegister(REGISTER_NAME, endpoint, {
        method: 'PUT',
        path: `/certificates/${encodeURIComponent(certificateId)}/operations/${encodeURIComponent(operationId)}`,
        body: operation,
      });
      if (answer.status === 200) return { accepted: true, ...parseAnswer(REGISTER_NAME, FundAcceptedSchema, answer.body) };
      if (answer.status === 422) return { accepted: false, reason: parseAnswer(REGISTER_NAME, FundRefusedSchema, answer.body).refused };
      throw new RegisterUnavailableError(REGISTER_NAME, `it answered ${answer.status}`);
    },
  };
}
