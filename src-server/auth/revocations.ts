import { performance } from 'node:perf_hooks';
import type { Queryable } from '../db/database.js';
import type { Principal } from './principal.js';

/** How stale this process's copy of the revocations may get (another Central process revoking). */
export const REVOCATION_REFRESH_MS = 2_000;

/**
 * Disabled users, revoked workstations and clients, disabled patient accounts and logged-out
 * access tokens, held in memory so that checking a request costs a few Set lookups instead of a
 * query. The copy is reloaded from the database before any request once it is older than
 * REVOCATION_REFRESH_MS; a revocation made through this process applies at once. The sets stay
 * small: only what has been revoked is listed.
 */
export class RevocationList {
  private users = new Set<string>();
  private patients = new Set<string>();
  private clients = new Set<string>();
  private devices = new Set<string>();
  private tokens = new Set<string>();
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly db: Queryable,
    private readonly refreshMs = REVOCATION_REFRESH_MS,
  ) {}

  get loaded(): boolean {
    return this.loadedAt > Number.NEGATIVE_INFINITY;
  }

  /** Reloads when the copy is older than the refresh interval; concurrent callers share one load. */
  async ensureFresh(): Promise<void> {
    if (performance.now() - this.loadedAt < this.refreshMs) return;
    this.loading ??= this.reload().finally(() => (this.loading = undefined));
    await this.loading;
  }

  async reload(): Promise<void> {
    const started = performance.now();
    const { rows } = await this.db.query<{ kind: string; id: string }>(
      `SELECT 'user' AS kind, id FROM staff_user WHERE disabled_at IS NOT NULL
       UNION ALL SELECT 'patient', patient_id FROM patient_account WHERE disabled_at IS NOT NULL
       UNION ALL SELECT 'client', client_id FROM institution_client WHERE revoked_at IS NOT NULL
       UNION ALL SELECT 'device', id FROM device WHERE revoked_at IS NOT NULL
       UNION ALL SELECT 'token', token_id FROM revoked_access_token WHERE expires_at > now()`,
    );
    const next = { user: new Set<string>(), patient: new Set<string>(), client: new Set<string>(), device: new Set<string>(), token: new Set<string>() };
    for (const row of rows) next[row.kind as keyof typeof next]?.add(row.id);
    this.users = next.user;
    this.patients = next.patient;
    this.clients = next.client;
    this.devices = next.device;
    this.tokens = next.token;
    this.loadedAt = started;
  }

  /** Applies a revocation made by this process immediately, before the next reload. */
  add(kind: 'user' | 'patient' | 'client' | 'device' | 'token', id: string): void {
    ({ user: this.users, patient: this.patients, client: this.clients, device: this.devices, token: this.tokens })[kind].add(id);
  }

  /** Why a principal may no longer act, or undefined when nothing of it is revoked. */
  refusal(principal: Principal & { tokenId?: string }): string | undefined {
    if (principal.tokenId && this.tokens.has(principal.tokenId)) return 'This session has ended; log in again';
    if (principal.deviceId && this.devices.has(principal.deviceId)) return 'This workstation is no longer enrolled';
    const subjects = principal.kind === 'user' ? this.users : principal.kind === 'patient' ? this.patients : this.clients;
    if (subjects.has(principal.subject)) return principal.kind === 'client' ? 'This client has been revoked' : 'This account is disabled';
    return undefined;
  }
}

// One list per database: every context over the same database shares what has been revoked.
const lists = new WeakMap<object, RevocationList>();

export function revocationsFor(db: Queryable): RevocationList {
  let list = lists.get(db);
  if (!list) lists.set(db, (list = new RevocationList(db)));
  return list;
}
