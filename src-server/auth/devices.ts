import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import { hashSecret, newSecret, secretMatches } from './passwords.js';

/** An enrolled workstation of a clinic. Staff log in through it; revoking it cuts them all off. */
export interface Device {
  id: string;
  organizationId: string;
  display: string;
  enrolledBy: string;
  enrolledAt: string;
  lastSeenAt: string | undefined;
  revokedAt: string | undefined;
}

interface DeviceRow {
  id: string;
  secret_hash: string;
  organization_id: string;
  display: string;
  enrolled_by: string;
  enrolled_at: Date;
  last_seen_at: Date | null;
  revoked_at: Date | null;
}

const iso = (value: Date | string | null) => (value === null ? undefined : new Date(value).toISOString());
const fromRow = (row: DeviceRow): Device => ({
  id: row.id,
  organizationId: row.organization_id,
  display: row.display,
  enrolledBy: row.enrolled_by,
  enrolledAt: iso(row.enrolled_at)!,
  lastSeenAt: iso(row.last_seen_at),
  revokedAt: iso(row.revoked_at),
});

/** Enrols a workstation for an organisation; the secret is returned this once. */
export async function enrolDevice(
  db: Queryable,
  input: { organizationId: string; display: string; enrolledBy: string },
  now: Date,
): Promise<{ deviceId: string; deviceSecret: string; organizationId: string; display: string }> {
  const deviceId = `device-${randomUUID()}`;
  const deviceSecret = newSecret();
  await db.query(`INSERT INTO device (id, secret_hash, organization_id, display, enrolled_by, enrolled_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
    deviceId,
    hashSecret(deviceSecret),
    input.organizationId,
    input.display,
    input.enrolledBy,
    now.toISOString(),
  ]);
  return { deviceId, deviceSecret, organizationId: input.organizationId, display: input.display };
}

export async function findDevice(db: Queryable, id: string): Promise<Device | undefined> {
  const { rows } = await db.query<DeviceRow>(`SELECT * FROM device WHERE id = $1`, [id]);
  return rows[0] && fromRow(rows[0]);
}

export async function listDevices(db: Queryable, organizationId: string): Promise<Device[]> {
  const { rows } = await db.query<DeviceRow>(`SELECT * FROM device WHERE organization_id = $1 ORDER BY enrolled_at, id`, [organizationId]);
  return rows.map(fromRow);
}

/** The device when its id and secret match and it is still enrolled; otherwise undefined. */
export async function authenticateDevice(db: Queryable, id: string, secret: string, now: Date): Promise<Device | undefined> {
  const { rows } = await db.query<DeviceRow>(`SELECT * FROM device WHERE id = $1`, [id]);
  const row = rows[0];
  const matches = secretMatches(secret, row?.secret_hash ?? hashSecret(newSecret()));
  if (!row || !matches || row.revoked_at) return undefined;
  await db.query(`UPDATE device SET last_seen_at = $2 WHERE id = $1`, [id, now.toISOString()]);
  return fromRow(row);
}

/** Revokes a device and ends every session opened through it. */
export async function revokeDevice(db: Queryable, id: string, by: string, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE device SET revoked_at = COALESCE(revoked_at, $2), revoked_by = COALESCE(revoked_by, $3) WHERE id = $1`, [id, now.toISOString(), by]);
  if (rowCount === 0) return false;
  await db.query(`UPDATE refresh_token SET revoked_at = $2 WHERE device_id = $1 AND revoked_at IS NULL`, [id, now.toISOString()]);
  return true;
}
