import type { SessionStatus } from '../../shared/api/session.js';
import { isOperationOutcomeError } from '../../shared/fhir/outcomes.js';
import type { Enrolment } from '../db/enrolment.js';
import type { StaffProfile } from '../db/staff-accounts.js';
import { ServiceError } from '../services/errors.js';
import type { SessionPort, SettingsPort } from '../services/ports.js';
import { LocalAttemptLimiter } from './attempts.js';
import type { CentralAuth } from './central-auth.js';
import { onlineLogin, offlineLogin } from './login.js';
import type { StoreAccess } from './store-access.js';
import { toStaffUser } from './staff-user.js';
import { sealKey, unsealKey, type SealedKey } from './unlock-key.js';
import type { UserTokens } from './user-tokens.js';
import { CentralUnreachableError } from './central-http.js';

type State = 'signed-out' | 'locked' | 'active';

/**
 * Who is working at this workstation. Login goes to Central when it can be reached and checks
 * the kept verifier when it cannot; the screen locks after the idle time, closing the database and
 * keeping its key only sealed with the password of the person who locked it.
 */
export class WorkstationSession implements SessionPort {
  private state: State = 'signed-out';
  private profile: StaffProfile | null = null;
  private sealed: SealedKey | null = null;
  private tokens: UserTokens | null = null;
  private lastActivity = 0;
  private readonly attempts: LocalAttemptLimiter;
  private readonly listeners = new Set<(status: SessionStatus) => void>();
  private endingAtCentral: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      store: StoreAccess;
      auth: CentralAuth;
      settings: SettingsPort;
      now: () => Date;
      /** The enrolment as last read (the store is closed while locked, the header still shows the clinic). */
      enrolment: () => Enrolment | null;
    },
  ) {
    this.attempts = new LocalAttemptLimiter(deps.now);
  }

  status(): SessionStatus {
    const enrolment = this.deps.enrolment();
    const clinic = enrolment ? { id: enrolment.organizationId, name: enrolment.organizationName } : null;
    const idleLockSeconds = this.deps.settings.get().idleLockMinutes * 60;
    if (!enrolment) return { state: 'not-enrolled', clinic, user: null, idleLockSeconds };
    return { state: this.state, clinic, user: this.profile ? toStaffUser(this.profile) : null, idleLockSeconds };
  }

  /** The full profile of whoever is working (practitioner ids and all roles), or null. */
  currentProfile(): StaffProfile | null {
    return this.state === 'active' ? this.profile : null;
  }

  /** The working person's token for Central, or null (offline, or no session there). */
  accessToken(): Promise<string | null> {
    return this.state === 'active' && this.tokens ? this.tokens.accessToken() : Promise.resolve(null);
  }

  onChange(listener: (status: SessionStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async login(username: string, password: string): Promise<SessionStatus> {
    const enrolment = this.deps.enrolment();
    if (!enrolment) throw new ServiceError('unavailable', 'This workstation is not enrolled yet: a clinic administrator enrols it first (npm run ws -- enrol)');
    if (this.state === 'locked') {
      if (this.profile && username.trim().toLowerCase() === this.profile.username) return this.unlock(password);
    }
    // Another person takes over (or the same one logs in again): the current session ends first.
    if (this.state !== 'signed-out') this.logout();
    const store = this.deps.store.current();
    if (!store) throw new ServiceError('locked', 'The local database is closed');
    const attemptKey = `login:${username.trim().toLowerCase()}`;
    this.attempts.check(attemptKey);
    let result;
    try {
      result = await onlineLogin({ auth: this.deps.auth, store, enrolment, now: this.deps.now }, username, password);
    } catch (error) {
      if (!(error instanceof CentralUnreachableError)) {
        if (isOperationOutcomeError(error) && (error.status === 401 || error.status === 403)) store.staff.forget(username);
        throw error;
      }
      result = await offlineLogin({ auth: this.deps.auth, store, now: this.deps.now }, username, password, () => this.attempts.fail(attemptKey));
    }
    this.attempts.succeed(attemptKey);
    this.sealed = await sealKey(this.deps.store.currentKey()!, password);
    this.begin(result.profile, result.tokens);
    return this.status();
  }

  /** Resumes a session without a password (the headless CLI's saved session; see host). */
  resume(profile: StaffProfile, tokens: UserTokens): void {
    this.sealed = null;
    this.begin(profile, tokens);
  }

  lock(): SessionStatus {
    if (this.state !== 'active' || !this.sealed) return this.status();
    this.deps.store.close();
    this.state = 'locked';
    this.emit();
    return this.status();
  }

  async unlock(password: string): Promise<SessionStatus> {
    if (this.state === 'active') return this.status();
    if (this.state !== 'locked' || !this.sealed) throw new ServiceError('unauthenticated', 'Log in first');
    const attemptKey = `unlock:${this.profile!.id}`;
    this.attempts.check(attemptKey);
    const key = await unsealKey(this.sealed, password);
    if (!key) {
      this.attempts.fail(attemptKey);
      throw new ServiceError('unauthenticated', 'The password is incorrect');
    }
    this.attempts.succeed(attemptKey);
    this.deps.store.openWith(key);
    this.state = 'active';
    this.lastActivity = this.deps.now().getTime();
    this.emit();
    return this.status();
  }

  logout(): SessionStatus {
    if (this.state === 'locked') this.endLockedSession();
    if (this.tokens) this.endingAtCentral = this.tokens.endAtCentral();
    this.tokens = null;
    this.profile = null;
    this.sealed = null;
    this.state = 'signed-out';
    this.emit();
    return this.status();
  }

  /** Settles when the last logout has reached Central (or found it unreachable): the CLI waits for it before exiting. */
  loggedOutAtCentral(): Promise<void> {
    return this.endingAtCentral;
  }

  touch(): void {
    this.lastActivity = this.deps.now().getTime();
  }

  /** Locks when the idle time has passed; the host calls this on a timer. */
  checkIdle(): void {
    if (this.state !== 'active' || !this.sealed) return;
    const idleMs = this.deps.settings.get().idleLockMinutes * 60_000;
    if (this.deps.now().getTime() - this.lastActivity >= idleMs) this.lock();
  }

  private begin(profile: StaffProfile, tokens: UserTokens): void {
    this.profile = profile;
    this.tokens = tokens;
    this.state = 'active';
    this.lastActivity = this.deps.now().getTime();
    this.emit();
  }

  /** Someone else takes over a locked workstation: the database must open without the locker's password. */
  private endLockedSession(): void {
    if (!this.deps.store.reopenFromSource()) {
      throw new ServiceError('locked', 'This workstation is locked and its database key comes from a passphrase: unlock it, or restart the program');
    }
    this.state = 'signed-out';
  }

  private emit(): void {
    const status = this.status();
    for (const listener of this.listeners) listener(status);
  }
}
