import { z } from 'zod';
import { HOST_KEYS } from '../db/host-state.js';
import type { LocalStore } from '../db/local-store.js';
import type { CentralAuth } from '../session/central-auth.js';
import type { WorkstationSession } from '../session/session.js';
import { UserTokens } from '../session/user-tokens.js';

/** A headless login lasts one working shift, like Central's refresh tokens. */
export const CLI_SESSION_HOURS = 12;

const SavedSchema = z.object({ userId: z.string().min(1), until: z.string() });

/**
 * The headless CLI runs one command per process, so `ws login` saves who logged in (in the
 * encrypted store) and later commands resume that session until it expires or `ws logout`.
 */
export class CliSession {
  constructor(
    private readonly deps: { store: () => LocalStore; session: WorkstationSession; auth: CentralAuth; now: () => Date },
  ) {}

  async start(username: string, password: string) {
    const status = await this.deps.session.login(username, password);
    const until = new Date(this.deps.now().getTime() + CLI_SESSION_HOURS * 3_600_000).toISOString();
    this.deps.store().hostState.set(HOST_KEYS.cliSession, JSON.stringify({ userId: status.user!.id, until }));
    return status;
  }

  /** Resumes the saved session; false when there is none or it has expired. */
  resume(): boolean {
    const store = this.deps.store();
    const raw = store.hostState.get(HOST_KEYS.cliSession);
    if (!raw) return false;
    const saved = SavedSchema.safeParse(JSON.parse(raw));
    if (!saved.success || Date.parse(saved.data.until) <= this.deps.now().getTime()) {
      store.hostState.delete(HOST_KEYS.cliSession);
      return false;
    }
    const account = store.staff.findById(saved.data.userId);
    if (!account) return false;
    const persist = (token: string | null) => store.staff.setRefreshToken(account.profile.id, token);
    this.deps.session.resume(account.profile, new UserTokens(this.deps.auth, account.profile.id, account.refreshToken, persist, this.deps.now));
    return true;
  }

  end(): void {
    this.deps.store().hostState.delete(HOST_KEYS.cliSession);
    this.deps.session.logout();
  }
}
