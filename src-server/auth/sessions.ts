import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/database.js';
import { hashSecret, newSecret } from './passwords.js';

/** A refresh token lives one working shift; the session it belongs to, at most a day. */
export const REFRESH_TOKEN_SECONDS = 12 * 60 * 60;
export const SESSION_SECONDS = 24 * 60 * 60;

export interface SessionSubject {
  kind: 'user' | 'patient';
  subject: string;
  deviceId?: string | undefined;
}

const plus = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();

/** Starts a session (a token family) and returns its first refresh token. */
export async function startSession(db: Queryable, who: SessionSubject, now: Date): Promise<string> {
  const token = newSecret();
  await insertToken(db, token, randomUUID(), who, now, plus(now, SESSION_SECONDS));
  return token;
}

async function insertToken(db: Queryable, token: string, familyId: string, who: SessionSubject, now: Date, familyExpiresAt: string): Promise<void> {
  const expiresAt = new Date(Math.min(Date.parse(plus(now, REFRESH_TOKEN_SECONDS)), Date.parse(familyExpiresAt))).toISOString();
  await db.query(
    `INSERT INTO refresh_token (token_hash, family_id, subject_kind, subject, device_id, issued_at, expires_at, family_expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [hashSecret(token), familyId, who.kind, who.subject, who.deviceId ?? null, now.toISOString(), expiresAt, familyExpiresAt],
  );
}

export type RotationResult =
  | { ok: true; token: string; who: SessionSubject }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused' };

interface TokenRow {
  family_id: string;
  subject_kind: 'user' | 'patient';
  subject: string;
  device_id: string | null;
  expires_at: Date;
  family_expires_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
}

/**
 * Exchanges a refresh token for a new one of the same family. A token that was already exchanged
 * means two parties hold it (one of them a thief): the whole family is revoked, and both must log
 * in again. The exchange is one conditional UPDATE, so two concurrent uses cannot both succeed.
 */
export async function rotateRefreshToken(db: Database, token: string, now: Date): Promise<RotationResult> {
  const hash = hashSecret(token);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<TokenRow>(
      `UPDATE refresh_token SET rotated_at = $2 WHERE token_hash = $1 AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > $2
       RETURNING family_id, subject_kind, subject, device_id, expires_at, family_expires_at, rotated_at, revoked_at`,
      [hash, now.toISOString()],
    );
    const row = rows[0];
    if (!row) {
      const { rows: existing } = await tx.query<TokenRow>(`SELECT family_id, rotated_at, revoked_at, expires_at FROM refresh_token WHERE token_hash = $1`, [hash]);
      const found = existing[0];
      if (!found) return { ok: false, reason: 'unknown' };
      if (found.rotated_at) {
        await revokeFamily(tx, found.family_id, now);
        return { ok: false, reason: 'reused' };
      }
      return { ok: false, reason: found.revoked_at ? 'revoked' : 'expired' };
    }
    const who: SessionSubject = { kind: row.subject_kind, subject: row.subject, deviceId: row.device_id ?? undefined };
    const next = newSecret();
    await insertToken(tx, next, row.family_id, who, now, new Date(row.family_expires_at).toISOString());
    return { ok: true, token: next, who };
  });
}

export async function revokeFamily(db: Queryable, familyId: string, now: Date): Promise<void> {
  await db.query(`UPDATE refresh_token SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`, [familyId, now.toISOString()]);
}

/** Ends the session a refresh token belongs to (logout). Returns whose session it was, if any. */
export async function endSession(db: Queryable, token: string, now: Date): Promise<string | undefined> {
  const { rows } = await db.query<{ family_id: string; subject: string }>(`SELECT family_id, subject FROM refresh_token WHERE token_hash = $1`, [hashSecret(token)]);
  if (!rows[0]) return undefined;
  await revokeFamily(db, rows[0].family_id, now);
  return rows[0].subject;
}

/** Ends one access token before it expires (logout). */
export async function revokeAccessToken(db: Queryable, tokenId: string, expiresAt: Date): Promise<void> {
  await db.query(`INSERT INTO revoked_access_token (token_id, expires_at) VALUES ($1, $2) ON CONFLICT (token_id) DO NOTHING`, [tokenId, expiresAt.toISOString()]);
}
