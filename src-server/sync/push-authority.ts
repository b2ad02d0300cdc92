import type { Resource } from '@medplum/fhirtypes';
import { isAllowed, type Action } from '../../shared/domain/access.js';
import { forbidden } from '../../shared/fhir/outcomes.js';
import type { Mutation } from '../../shared/sync/protocol.js';
import type { SyncCaller } from './access.js';

/**
 * Whether the caller may make this mutation; throws a 403 OperationOutcome (a `rejected` result)
 * when not.
 *
 * Roles: a staff token is held to its roles for what that person made (no author, or the author
 * is them). A mutation another person queued at the same workstation while offline is accepted on
 * the workstation's authority, as a device token's are: the workstation checked that person's
 * role when they made it, and refusing it now would punish whoever happens to be logged in.
 *
 * Organisation: nobody rewrites another organisation's directory (its Organization resource,
 * Locations, PractitionerRoles) through sync.
 */
export function checkAuthority(caller: SyncCaller, mutation: Mutation): void {
  checkOrganization(caller.organizationId, mutation);
  const { principal } = caller;
  if (caller.device || principal.kind !== 'user') return;
  if (mutation.author && mutation.author.userId !== principal.subject) return;
  // Only doctors issue sick-leave certificates (registers/social-fund/certificates.ts requireDoctor).
  if (mutation.kind === 'sick-leave') {
    if (!principal.roles.includes('doctor')) throw forbidden(`Role ${principal.roles.join(', ') || '(none)'} may not issue sick-leave certificates`);
    return;
  }
  const wanted = actionOf(mutation);
  if (!wanted) return;
  const [action, type] = wanted;
  if (!isAllowed(principal.roles, action, type)) throw forbidden(`Role ${principal.roles.join(', ') || '(none)'} may not ${action} ${type}`);
}

function actionOf(mutation: Mutation): readonly [Action, string] | undefined {
  switch (mutation.kind) {
    case 'create':
      return ['create', mutation.args.resource.resourceType];
    case 'update':
      return ['update', mutation.args.resource.resourceType];
    case 'delete':
      return ['delete', mutation.args.resourceType];
    case 'book':
    case 'cancel':
    case 'reschedule':
    case 'walk-in':
      return ['update', 'Appointment'];
    case 'audit':
    case 'sick-leave':
      return undefined;
  }
}

function checkOrganization(organizationId: string, mutation: Mutation): void {
  if (mutation.kind !== 'create' && mutation.kind !== 'update') return;
  const owner = ownerOf(mutation.args.resource);
  if (owner !== undefined && owner !== `Organization/${organizationId}`) {
    throw forbidden(`${mutation.args.resource.resourceType}/${mutation.args.resource.id} belongs to another organisation`);
  }
}

/** The organisation a directory resource belongs to, as a reference; undefined for other types. */
function ownerOf(resource: Resource & { id: string }): string | undefined {
  switch (resource.resourceType) {
    case 'Organization':
      return `Organization/${resource.id}`;
    case 'Location':
      return resource.managingOrganization?.reference ?? '';
    case 'PractitionerRole':
      return resource.organization?.reference ?? '';
    default:
      return undefined;
  }
}
