import { RegisterPersonSchema, type RegisterPerson } from '../../../shared/api/patients.js';
import { checkPersonalNumber, normalizePersonalNumber } from '../../../shared/domain/personal-number.js';
import { badRequest, notFound } from '../../../shared/fhir/outcomes.js';
import { orUnavailable } from '../outcomes.js';
import type { PopulationRegister } from './register.js';

/**
 * Registration's question to the population register (INTERFACES item 1): the person with this
 * personal number, in the workstation's RegisterPerson shape. A malformed number is a 400 before
 * the register is asked, an unknown one a 404, an unreachable register a 503 `transient`.
 */
export async function lookUpPerson(register: PopulationRegister, input: string): Promise<RegisterPerson> {
  const personalNumber = normalizePersonalNumber(input);
  const check = checkPersonalNumber(personalNumber);
  if (!check.ok) throw badRequest(check.message, 'personalNumber');
  const record = await orUnavailable(() => register.lookup(personalNumber));
  if (!record) throw notFound('The population register does not know this personal number');
  return RegisterPersonSchema.parse({
    personalNumber: record.personalNumber,
    family: record.family,
    given: record.given,
    patronymic: record.patronymic,
    birthDate: record.birthDate,
    sex: record.sex,
    address: record.address,
  });
}
