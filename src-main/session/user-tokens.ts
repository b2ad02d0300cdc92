import { isOperationOutcomeError } from '../../shared/fhir/outcomes.js';
import type { CentralAuth } from './central-auth.js';
import { CentralUnreachableError } from './central-http.js';

/** Seconds before expiry at which a token is renewed rather than sent. */
const MARGIN_MS = 60_000;

/**
 * The logged-in person's bearer token for Central (register look-ups, on-demand fetches). After an
 * offline login there is none until the kept refresh token gets one; refresh tokens rotate, so the
 * new one is handed to `persist` before the old one is forgotten.
 */
export class UserTokens {
  private access: { token: string; expiresAt: number } | null;
  private refreshing: Promise<string | null> | null = null;

  constructor(
    private readonly auth: CentralAuth,
    private readonly userId: string,
    private refreshToken: string | null,
    private readonly persist: (refreshToken: string | null) => void,
    private readonly now: () => Date,
    initial?: { token: string; expiresInSeconds: number },
  ) {
    this.access = initial ? { token: initial.token, expiresAt: now().getTime() + initial.expiresInSeconds * 1000 } : null;
  }

  /** A valid token, or null while Central cannot be reached or the session has ended there. */
  accessToken(): Promise<string | null> {
    if (this.access && this.access.expiresAt - MARGIN_MS > this.now().getTime()) return Promise.resolve(this.access.token);
    if (!this.refreshToken) return Promise.resolve(null);
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async refresh(): Promise<string | null> {
    const token = this.refreshToken;
    if (!token) return null;
    try {
      const session = await this.auth.refresh(token);
      if (session.user.id !== this.userId) throw new Error('Central refreshed a session of another user');
      this.refreshToken = session.refresh_token;
      this.persist(session.refresh_token);
      this.access = { token: session.access_token, expiresAt: this.now().getTime() + session.expires_in * 1000 };
      return session.access_token;
    } catch (error) {
      if (error instanceof CentralUnreachableError) return null;
      // Expired, revoked or reused: this session is over at Central; the next online login starts another.
      if (isOperationOutcomeError(error)) {
        this.refreshToken = null;
        this.persist(null);
        return null;
      }
      throw error;
    }
  }

  /**
   * Logging out ends the session at Central (offline, its refresh token simply expires) and here:
   * a later offline login of the same person then has no way to Central until they log in online.
   */
  async endAtCentral(): Promise<void> {
    const token = this.refreshToken;
    this.refreshToken = null;
    if (token) this.persist(null);
    const access = this.access?.token ?? null;
    this.access = null;
    if (token) await this.auth.logout(token, access).catch(() => undefined);
  }
}
