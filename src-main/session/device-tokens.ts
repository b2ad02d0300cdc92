import { isOperationOutcomeError } from '../../shared/fhir/outcomes.js';
import type { CentralAuth, DeviceCredentials } from './central-auth.js';
import { CentralUnreachableError } from './central-http.js';

const MARGIN_MS = 60_000;

/**
 * The workstation's own bearer token (client_credentials with its device id and secret). Sync
 * runs under it, so an overnight prefetch or the push of what staff queued offline needs nobody
 * logged in. Null while Central cannot be reached or has revoked the enrolment.
 */
export class DeviceTokens {
  private access: { token: string; expiresAt: number } | null = null;
  private pending: Promise<string | null> | null = null;
  /** Central's last refusal (a revoked enrolment, say), for the status line. */
  lastRefusal: string | null = null;

  constructor(
    private readonly auth: CentralAuth,
    private readonly credentials: () => DeviceCredentials | null,
    private readonly now: () => Date,
  ) {}

  accessToken(): Promise<string | null> {
    if (this.access && this.access.expiresAt - MARGIN_MS > this.now().getTime()) return Promise.resolve(this.access.token);
    this.pending ??= this.fetchToken().finally(() => (this.pending = null));
    return this.pending;
  }

  private async fetchToken(): Promise<string | null> {
    const device = this.credentials();
    if (!device) return null;
    try {
      const token = await this.auth.deviceToken(device);
      this.access = { token: token.access_token, expiresAt: this.now().getTime() + token.expires_in * 1000 };
      this.lastRefusal = null;
      return token.access_token;
    } catch (error) {
      if (error instanceof CentralUnreachableError) return null;
      if (isOperationOutcomeError(error)) {
        this.lastRefusal = error.message;
        return null;
      }
      throw error;
    }
  }

  forget(): void {
    this.access = null;
  }
}
