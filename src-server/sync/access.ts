import { forbidden } from '../../shared/fhir/outcomes.js';
import { isDevicePrincipal } from '../auth/device-token.js';
import { findDevice } from '../auth/devices.js';
import type { Principal } from '../auth/principal.js';
import type { Queryable } from '../db/database.js';

/** Who a sync request acts as: the organisation whose scope and data it may touch. */
export interface SyncCaller {
  principal: Principal;
  organizationId: string;
  /** A workstation acting on its own (device token), not a person logged in through it. */
  device: boolean;
}

/**
 * Decides whether `principal` may sync as the client `clientId` (an enrolled workstation's id).
 *
 * - A device token acts for its organisation, never outside it: it may sync as any enrolled,
 *   unrevoked workstation of that organisation (itself, or, relayed by a clinic hub, a peer).
 * - A staff token acts only as the workstation the person logged in through (its `deviceId`):
 *   that workstation's encrypted store holds its scope anyway, so pulling it grants the person
 *   nothing the device secret does not; what they push is held to their roles (push.ts).
 * - Patients, institution systems and staff outside a workstation do not sync.
 */
export async function authorizeSyncClient(q: Queryable, principal: Principal, clientId: string): Promise<SyncCaller> {
  const organizationId = principal.organizationId;
  if (!organizationId) throw forbidden('Only a clinic workstation or its staff may sync');
  if (isDevicePrincipal(principal)) {
    const device = await findDevice(q, clientId);
    if (!device || device.revokedAt || device.organizationId !== organizationId) {
      throw forbidden(`${clientId} is not an enrolled workstation of this organisation`);
    }
    return { principal, organizationId, device: true };
  }
  if (principal.kind !== 'user') throw forbidden('Only a clinic workstation or its staff may sync');
  if (!principal.deviceId) throw forbidden('Sync needs a login through an enrolled workstation');
  if (principal.deviceId !== clientId) throw forbidden('A staff session may sync only as the workstation it was opened on');
  return { principal, organizationId, device: false };
}
