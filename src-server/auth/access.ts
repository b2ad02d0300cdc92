import { isAllowed, type Action } from '../../shared/domain/access.js';
import { forbidden } from '../../shared/fhir/outcomes.js';
import type { Principal } from './principal.js';

/** Throws a 403 OperationOutcome unless one of the principal's roles grants `action` on the type. */
export function authorize(principal: Principal, action: Action, resourceType: string): void {
  if (!isAllowed(principal.roles, action, resourceType)) {
    throw forbidden(`Role ${principal.roles.join(', ') || '(none)'} may not ${action} ${resourceType}`);
  }
}
