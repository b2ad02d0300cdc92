import { badRequest, forbidden, unauthorized } from '../../shared/fhir/outcomes.js';
import { normalizePersonalNumber } from '../../shared/domain/personal-number.js';
import type { CentralContext } from '../context.js';
import { authenticateClient, clientPrincipalOf } from './clients.js';
import { authenticateDevice, findDevice } from './devices.js';
import { makeOfflineVerifier, type OfflineVerifier } from './offline-verifier.js';
import { UNMATCHABLE_HASH, verifyPassword } from './passwords.js';
import { findPatientAccount, findPatientAccountByNumber, patientPrincipalOf } from './patients.js';
import type { Principal } from './principal.js';
import { rotateRefreshToken, startSession, type SessionSubject } from './sessions.js';
import { clearLoginFailures, lockedUntil, recordLoginFailure } from './throttle.js';
import { ACCESS_TOKEN_SECONDS } from './tokens.js';
import { findStaffUser, findStaffUserByUsername, normalizeUsername, staffPrincipalOf } from './users.js';

/** The one answer to a wrong password and to an unknown name: it must not tell them apart. */
export const WRONG_CREDENTIALS = 'The user name or password is incorrect';
export const WRONG_PATIENT_CREDENTIALS = 'The personal number or password is incorrect';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

export interface SessionResponse extends TokenResponse {
  refresh_token: string;
  user: {
    id: string;
    kind: Principal['kind'];
    display: string;
    roles: Principal['roles'];
    organizationId?: string | undefined;
    practitionerId?: string | undefined;
    practitionerRoleId?: string | undefined;
    patientId?: string | undefined;
    deviceId?: string | undefined;
  };
  /** For a login through an enrolled workstation: what it keeps to check the password offline. */
  offlineVerifier?: OfflineVerifier;
}

function accessToken(ctx: CentralContext, principal: Principal): TokenResponse {
  return { access_token: ctx.tokens.sign(principal, ctx.now()), token_type: 'Bearer', expires_in: ACCESS_TOKEN_SECONDS };
}

function session(ctx: CentralContext, principal: Principal, refreshToken: string): SessionResponse {
  const { subject, kind, display, roles, organizationId, practitionerId, practitionerRoleId, patientId, deviceId } = principal;
  return { ...accessToken(ctx, principal), refresh_token: refreshToken, user: { id: subject, kind, display, roles, organizationId, practitionerId, practitionerRoleId, patientId, deviceId } };
}

/** Checks the lock, then the password; counts a failure or clears the count. */
async function checkPassword(ctx: CentralContext, accountKey: string, password: string, storedHash: string | undefined, wrongText: string): Promise<void> {
  const now = ctx.now();
  const until = await lockedUntil(ctx.db, accountKey, now);
  if (until) {
    const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
    throw unauthorized(`Too many failed attempts: this account is locked; try again in ${minutes} min`);
  }
  // An unknown account costs the same scrypt work as a wrong password.
  const matches = await verifyPassword(password, storedHash ?? UNMATCHABLE_HASH);
  if (!storedHash || !matches) {
    await recordLoginFailure(ctx.db, accountKey, now);
    throw unauthorized(wrongText);
  }
  await clearLoginFailures(ctx.db, accountKey);
}

export async function loginStaff(
  ctx: CentralContext,
  input: { username: string; password: string; deviceId?: string | undefined; deviceSecret?: string | undefined },
): Promise<SessionResponse> {
  const user = await findStaffUserByUsername(ctx.db, input.username);
  await checkPassword(ctx, `staff:${normalizeUsername(input.username)}`, input.password, user?.passwordHash, WRONG_CREDENTIALS);
  if (!user) throw unauthorized(WRONG_CREDENTIALS);
  if (user.disabled) throw unauthorized('This account is disabled');

  let deviceId: string | undefined;
  if (input.deviceId !== undefined || input.deviceSecret !== undefined) {
    if (!input.deviceId || !input.deviceSecret) throw badRequest('deviceId and deviceSecret come together', input.deviceId ? 'deviceSecret' : 'deviceId');
    const device = await authenticateDevice(ctx.db, input.deviceId, input.deviceSecret, ctx.now());
    if (!device) throw unauthorized('This workstation is not enrolled, or its enrolment was revoked');
    if (device.organizationId !== user.organizationId) throw forbidden('This workstation is enrolled for another organisation');
    deviceId = device.id;
  }

  const principal = staffPrincipalOf(user, deviceId);
  const refresh = await startSession(ctx.db, { kind: 'user', subject: user.id, deviceId }, ctx.now());
  const response = session(ctx, principal, refresh);
  if (deviceId) response.offlineVerifier = await makeOfflineVerifier(user, input.password, ctx.now());
  return response;
}

export async function loginPatient(ctx: CentralContext, input: { personalNumber: string; password: string }): Promise<SessionResponse> {
  const account = await findPatientAccountByNumber(ctx.db, input.personalNumber);
  await checkPassword(ctx, `patient:${normalizePersonalNumber(input.personalNumber)}`, input.password, account?.passwordHash, WRONG_PATIENT_CREDENTIALS);
  if (!account) throw unauthorized(WRONG_PATIENT_CREDENTIALS);
  if (account.disabled) throw unauthorized('This account is disabled');
  const refresh = await startSession(ctx.db, { kind: 'patient', subject: account.patientId }, ctx.now());
  return session(ctx, patientPrincipalOf(account), refresh);
}

const REFRESH_REFUSAL: Record<'unknown' | 'expired' | 'revoked' | 'reused', string> = {
  unknown: 'The refresh token is not valid',
  expired: 'The session has expired; log in again',
  revoked: 'The session has ended; log in again',
  reused: 'This refresh token was already used, so the session has been ended for safety; log in again',
};

/** Rotates the refresh token and issues an access token from the account as it is now. */
export async function refreshSession(ctx: CentralContext, refreshToken: string): Promise<SessionResponse> {
  const result = await rotateRefreshToken(ctx.db, refreshToken, ctx.now());
  if (!result.ok) throw unauthorized(REFRESH_REFUSAL[result.reason]);
  return session(ctx, await currentPrincipal(ctx, result.who), result.token);
}

async function currentPrincipal(ctx: CentralContext, who: SessionSubject): Promise<Principal> {
  if (who.deviceId) {
    const device = await findDevice(ctx.db, who.deviceId);
    if (!device || device.revokedAt) throw unauthorized('This workstation is no longer enrolled');
  }
  if (who.kind === 'patient') {
    const account = await findPatientAccount(ctx.db, who.subject);
    if (!account || account.disabled) throw unauthorized('This account is disabled');
    return patientPrincipalOf(account);
  }
  const user = await findStaffUser(ctx.db, who.subject);
  if (!user || user.disabled) throw unauthorized('This account is disabled');
  return staffPrincipalOf(user, who.deviceId);
}

export async function clientCredentialsToken(ctx: CentralContext, clientId: string, clientSecret: string): Promise<TokenResponse> {
  const client = await authenticateClient(ctx.db, clientId, clientSecret);
  if (!client) throw unauthorized('The client id or secret is incorrect, or the client was revoked');
  return accessToken(ctx, clientPrincipalOf(client));
}
