import { badRequest, notFound, unprocessable } from '../../../shared/fhir/outcomes.js';
import { orUnavailable } from '../outcomes.js';
import type { LegalEntitiesRegister, LegalEntity } from './register.js';
import { checkUnp } from './unp.js';

/**
 * The register's record of an organisation: a malformed УНП is a 400 before the register is asked,
 * an unknown one a 404, an unreachable register a 503 `transient`.
 */
export async function verifyLegalEntity(register: LegalEntitiesRegister, input: string): Promise<LegalEntity> {
  const unp = input.trim();
  const check = checkUnp(unp);
  if (!check.ok) throw badRequest(check.message, 'unp');
  const entity = await orUnavailable(() => register.find(unp));
  if (!entity) throw notFound('The register of legal entities does not know this УНП');
  return entity;
}

/** As verifyLegalEntity, and the organisation must be active: a liquidated one sends nothing (422). */
export async function requireActiveLegalEntity(register: LegalEntitiesRegister, input: string): Promise<LegalEntity> {
  const entity = await verifyLegalEntity(register, input);
  if (entity.status !== 'active') throw unprocessable(`The organisation is ${entity.status === 'liquidated' ? 'liquidated' : 'in liquidation'} in the register of legal entities`, 'unp');
  return entity;
}
