import { unauthorized } from '../../shared/fhir/outcomes.js';
import type { CentralContext } from '../context.js';
import { authenticateDevice } from './devices.js';
import type { TokenResponse } from './login.js';
import type { Principal } from './principal.js';
import { ACCESS_TOKEN_SECONDS } from './tokens.js';

/** Enrolled workstations have ids of this form (devices.ts); institution clients never do. */
export const DEVICE_ID = /^device-[0-9a-f-]{36}$/;

export function isDeviceClientId(clientId: string): boolean {
  return DEVICE_ID.test(clientId);
}

/**
 * The principal of a workstation acting on its own, with no one logged in (overnight prefetch,
 * pushing what staff queued offline). It has no staff roles, so the FHIR API refuses it
 * everything; the sync routes accept it for its own organisation only.
 */
export function devicePrincipal(device: { id: string; organizationId: string; display: string }): Principal {
  return { kind: 'client', subject: device.id, display: device.display, roles: [], organizationId: device.organizationId, deviceId: device.id };
}

/** True for a token issued by `deviceToken`: a client whose subject is the device itself. */
export function isDevicePrincipal(principal: Principal): boolean {
  return principal.kind === 'client' && principal.deviceId !== undefined && principal.subject === principal.deviceId;
}

/**
 * OAuth client_credentials for an enrolled workstation (its device id and secret). A revoked
 * device gets nothing, and a token already issued stops working at once (the revocation list
 * checks `deviceId` on every request).
 */
export async function deviceToken(ctx: CentralContext, deviceId: string, deviceSecret: string): Promise<TokenResponse> {
  const device = await authenticateDevice(ctx.db, deviceId, deviceSecret, ctx.now());
  if (!device) throw unauthorized('This workstation is not enrolled, or its enrolment was revoked');
  return { access_token: ctx.tokens.sign(devicePrincipal(device), ctx.now()), token_type: 'Bearer', expires_in: ACCESS_TOKEN_SECONDS };
}
