import { z } from 'zod';
import { STAFF_ROLES } from '../../shared/domain/roles.js';
import type { SqliteDatabase } from './open.js';

/** Who a staff member is, as Central said at their last online login. */
export const StaffProfileSchema = z.object({
  id: z.string().min(1).max(128),
  username: z.string().min(1).max(64),
  display: z.string().max(200),
  roles: z.array(z.enum(STAFF_ROLES)).min(1),
  organizationId: z.string().min(1),
  practitionerId: z.string().optional(),
  practitionerRoleId: z.string().optional(),
});
export type StaffProfile = z.infer<typeof StaffProfileSchema>;

/** Central's offline verifier (src-server/auth/offline-verifier.ts), checked at the boundary. */
export const OfflineVerifierSchema = z.object({
  algorithm: z.literal('scrypt'),
  userId: z.string().min(1),
  username: z.string().min(1),
  N: z.number().int().min(1024).max(1 << 20),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  keyLength: z.number().int().min(16).max(64),
  salt: z.string().min(8).max(200),
  verifier: z.string().min(16).max(200),
  issuedAt: z.string(),
});
export type OfflineVerifier = z.infer<typeof OfflineVerifierSchema>;

export interface StaffAccount {
  profile: StaffProfile;
  verifier: OfflineVerifier;
  refreshToken: string | null;
  lastOnlineLogin: string;
}

interface Row {
  profile: string;
  verifier: string;
  refresh_token: string | null;
  last_online_login: string;
}

/** User names are compared in lower case, as Central does. */
export const normalizeUsername = (username: string) => username.trim().toLowerCase();

export class StaffAccountRepository {
  private readonly byName;
  private readonly byId;
  private readonly upsertRow;
  private readonly setToken;
  private readonly deleteRow;

  constructor(db: SqliteDatabase) {
    this.byName = db.prepare<[string], Row>('SELECT profile, verifier, refresh_token, last_online_login FROM staff_account WHERE username = ?');
    this.byId = db.prepare<[string], Row>('SELECT profile, verifier, refresh_token, last_online_login FROM staff_account WHERE user_id = ?');
    this.upsertRow = db.prepare<[string, string, string, string, string | null, string]>(
      `INSERT INTO staff_account (user_id, username, profile, verifier, refresh_token, last_online_login) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET username = excluded.username, profile = excluded.profile, verifier = excluded.verifier,
         refresh_token = excluded.refresh_token, last_online_login = excluded.last_online_login`,
    );
    this.setToken = db.prepare<[string | null, string]>('UPDATE staff_account SET refresh_token = ? WHERE user_id = ?');
    this.deleteRow = db.prepare<[string]>('DELETE FROM staff_account WHERE username = ?');
  }

  findByUsername(username: string): StaffAccount | null {
    return fromRow(this.byName.get(normalizeUsername(username)));
  }

  findById(userId: string): StaffAccount | null {
    return fromRow(this.byId.get(userId));
  }

  /** After an online login; an account renamed at Central replaces its old row (same user id). */
  save(account: StaffAccount): void {
    const { profile } = account;
    this.upsertRow.run(profile.id, normalizeUsername(profile.username), JSON.stringify(profile), JSON.stringify(account.verifier), account.refreshToken, account.lastOnlineLogin);
  }

  /** Refresh tokens rotate at every use: the newest one must be on disk before the old one is forgotten. */
  setRefreshToken(userId: string, token: string | null): void {
    this.setToken.run(token, userId);
  }

  /** Central refused the account (disabled, say): it must not keep logging in offline. */
  forget(username: string): void {
    this.deleteRow.run(normalizeUsername(username));
  }
}

function fromRow(row: Row | undefined): StaffAccount | null {
  if (!row) return null;
  return {
    profile: StaffProfileSchema.parse(JSON.parse(row.profile)),
    verifier: OfflineVerifierSchema.parse(JSON.parse(row.verifier)),
    refreshToken: row.refresh_token,
    lastOnlineLogin: row.last_online_login,
  };
}
