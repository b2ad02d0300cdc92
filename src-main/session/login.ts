import { STAFF_ROLES } from '../../shared/domain/roles.js';
import type { Enrolment } from '../db/enrolment.js';
import type { LocalStore } from '../db/local-store.js';
import type { StaffProfile } from '../db/staff-accounts.js';
import { ServiceError } from '../services/errors.js';
import type { CentralAuth } from './central-auth.js';
import { passwordMatchesVerifier } from './offline-verifier.js';
import { UserTokens } from './user-tokens.js';

/** The same words Central uses, so an offline refusal tells no more than an online one. */
export const WRONG_CREDENTIALS = 'The user name or password is incorrect';

export interface LoginResult {
  profile: StaffProfile;
  tokens: UserTokens;
}

interface Deps {
  auth: CentralAuth;
  store: LocalStore;
  now: () => Date;
}

const persistFor = (store: LocalStore, userId: string) => (token: string | null) => {
  if (store.isOpen) store.staff.setRefreshToken(userId, token);
};

/**
 * Login through Central with this workstation's device credentials. Central's answer names the
 * person and brings a fresh offline verifier, kept (with the refresh token) for the days Central
 * cannot be reached. Throws CentralUnreachableError when it cannot be asked.
 */
export async function onlineLogin(deps: Deps & { enrolment: Enrolment }, username: string, password: string): Promise<LoginResult> {
  const { enrolment, store, auth, now } = deps;
  const session = await auth.login(username, password, { deviceId: enrolment.deviceId, deviceSecret: enrolment.deviceSecret });
  const roles = session.user.roles.filter((role): role is StaffProfile['roles'][number] => (STAFF_ROLES as readonly string[]).includes(role));
  if (session.user.kind !== 'user' || roles.length === 0) throw new ServiceError('forbidden', 'Only clinic staff can work at a workstation');
  if (session.user.organizationId !== enrolment.organizationId) throw new ServiceError('forbidden', 'This account belongs to another organisation');
  if (!session.offlineVerifier || session.offlineVerifier.userId !== session.user.id) {
    throw new ServiceError('internal', 'Central did not issue an offline verifier for this workstation');
  }
  const profile: StaffProfile = {
    id: session.user.id,
    username: session.offlineVerifier.username,
    display: session.user.display,
    roles,
    organizationId: session.user.organizationId,
    ...(session.user.practitionerId ? { practitionerId: session.user.practitionerId } : {}),
    ...(session.user.practitionerRoleId ? { practitionerRoleId: session.user.practitionerRoleId } : {}),
  };
  store.staff.save({ profile, verifier: session.offlineVerifier, refreshToken: session.refresh_token, lastOnlineLogin: now().toISOString() });
  const tokens = new UserTokens(auth, profile.id, session.refresh_token, persistFor(store, profile.id), now, { token: session.access_token, expiresInSeconds: session.expires_in });
  return { profile, tokens };
}

/** Login against the verifier kept from this person's last online login here. */
export async function offlineLogin(deps: Deps, username: string, password: string, onWrongPassword: () => void): Promise<LoginResult> {
  const account = deps.store.staff.findByUsername(username);
  if (!account) {
    throw new ServiceError('unavailable', 'Central cannot be reached, and this user has not logged in on this workstation before: the first login needs the network');
  }
  const matches = account.verifier.userId === account.profile.id && (await passwordMatchesVerifier(password, account.verifier));
  if (!matches) {
    onWrongPassword();
    throw new ServiceError('unauthenticated', WRONG_CREDENTIALS);
  }
  const tokens = new UserTokens(deps.auth, account.profile.id, account.refreshToken, persistFor(deps.store, account.profile.id), deps.now);
  return { profile: account.profile, tokens };
}
