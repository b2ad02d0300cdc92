import { forbidden, notFound } from '../../shared/fhir/outcomes.js';
import type { CentralContext } from '../context.js';
import { enrolDevice, findDevice, listDevices, revokeDevice, type Device } from './devices.js';
import type { Principal } from './principal.js';
import { revocationsFor } from './revocations.js';
import { disableStaffUser, findStaffUser } from './users.js';

/**
 * What a clinic administrator does to the accounts and workstations of their own organisation.
 * Anything of another organisation is answered as if it did not exist.
 */
function adminOrganization(principal: Principal): string {
  if (principal.kind !== 'user' || !principal.roles.includes('clinic-admin') || !principal.organizationId) {
    throw forbidden('Only a clinic administrator may manage workstations and accounts');
  }
  return principal.organizationId;
}

export async function enrolDeviceAs(ctx: CentralContext, principal: Principal, display: string) {
  const organizationId = adminOrganization(principal);
  return enrolDevice(ctx.db, { organizationId, display, enrolledBy: principal.subject }, ctx.now());
}

export async function listDevicesAs(ctx: CentralContext, principal: Principal): Promise<Device[]> {
  return listDevices(ctx.db, adminOrganization(principal));
}

/** Revokes a workstation: its sessions end now and its access tokens are refused at next contact. */
export async function revokeDeviceAs(ctx: CentralContext, principal: Principal, deviceId: string): Promise<Device> {
  const organizationId = adminOrganization(principal);
  const device = await findDevice(ctx.db, deviceId);
  if (!device || device.organizationId !== organizationId) throw notFound('No such workstation in your organisation');
  await revokeDevice(ctx.db, deviceId, principal.subject, ctx.now());
  revocationsFor(ctx.db).add('device', deviceId);
  return (await findDevice(ctx.db, deviceId))!;
}

/** Disables a staff account: its sessions end now and its access tokens are refused at next contact. */
export async function disableUserAs(ctx: CentralContext, principal: Principal, userId: string): Promise<{ id: string; disabled: true }> {
  const organizationId = adminOrganization(principal);
  const user = await findStaffUser(ctx.db, userId);
  if (!user || user.organizationId !== organizationId) throw notFound('No such user in your organisation');
  await disableStaffUser(ctx.db, userId, principal.subject, ctx.now());
  revocationsFor(ctx.db).add('user', userId);
  return { id: userId, disabled: true };
}
