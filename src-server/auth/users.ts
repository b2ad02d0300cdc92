import { randomUUID } from 'node:crypto';
import { STAFF_ROLES, type StaffRole } from '../../shared/domain/roles.js';
import type { Queryable } from '../db/database.js';
import { hashPassword } from './passwords.js';
import type { Principal } from './principal.js';

/** A staff account. The FHIR Practitioner, PractitionerRole and Organization it names live in the store. */
export interface StaffUser {
  id: string;
  username: string;
  display: string;
  roles: StaffRole[];
  organizationId: string | undefined;
  practitionerId: string | undefined;
  practitionerRoleId: string | undefined;
  disabled: boolean;
}

export interface NewStaffUser {
  username: string;
  password: string;
  display: string;
  roles: readonly StaffRole[];
  organizationId?: string | undefined;
  practitionerId?: string | undefined;
  practitionerRoleId?: string | undefined;
  /** Defaults to a random UUID. */
  id?: string | undefined;
}

const USERNAME = /^[a-z0-9][a-z0-9._@-]{1,63}$/;

/** User names are compared in lower case: "Ivanova" and "ivanova" are one account. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** Creates a staff account (used by the demo seeder, tests and administration). */
export async function createStaffUser(db: Queryable, input: NewStaffUser, now = new Date()): Promise<StaffUser> {
  const username = normalizeUsername(input.username);
  if (!USERNAME.test(username)) throw new RangeError(`User name "${input.username}" must be 2-64 of a-z, 0-9, ".", "_", "@", "-"`);
  if (input.roles.length === 0 || !input.roles.every((role) => (STAFF_ROLES as readonly string[]).includes(role))) {
    throw new RangeError(`Staff roles must be some of ${STAFF_ROLES.join(', ')}`);
  }
  const id = input.id ?? randomUUID();
  await db.query(
    `INSERT INTO staff_user (id, username, password_hash, display, roles, organization_id, practitioner_id, practitioner_role_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [id, username, await hashPassword(input.password), input.display, [...new Set(input.roles)], input.organizationId ?? null, input.practitionerId ?? null, input.practitionerRoleId ?? null, now.toISOString()],
  );
  return { id, username, display: input.display, roles: [...new Set(input.roles)], organizationId: input.organizationId, practitionerId: input.practitionerId, practitionerRoleId: input.practitionerRoleId, disabled: false };
}

interface StaffUserRow {
  id: string;
  username: string;
  password_hash: string;
  display: string;
  roles: string[];
  organization_id: string | null;
  practitioner_id: string | null;
  practitioner_role_id: string | null;
  disabled_at: Date | null;
}

function fromRow(row: StaffUserRow): StaffUser & { passwordHash: string } {
  return {
    id: row.id,
    username: row.username,
    passwordHash: row.password_hash,
    display: row.display,
    roles: row.roles.filter((role): role is StaffRole => (STAFF_ROLES as readonly string[]).includes(role)),
    organizationId: row.organization_id ?? undefined,
    practitionerId: row.practitioner_id ?? undefined,
    practitionerRoleId: row.practitioner_role_id ?? undefined,
    disabled: row.disabled_at !== null,
  };
}

const COLUMNS = 'id, username, password_hash, display, roles, organization_id, practitioner_id, practitioner_role_id, disabled_at';

export async function findStaffUserByUsername(db: Queryable, username: string): Promise<(StaffUser & { passwordHash: string }) | undefined> {
  const { rows } = await db.query<StaffUserRow>(`SELECT ${COLUMNS} FROM staff_user WHERE username = $1`, [normalizeUsername(username)]);
  return rows[0] && fromRow(rows[0]);
}

export async function findStaffUser(db: Queryable, id: string): Promise<(StaffUser & { passwordHash: string }) | undefined> {
  const { rows } = await db.query<StaffUserRow>(`SELECT ${COLUMNS} FROM staff_user WHERE id = $1`, [id]);
  return rows[0] && fromRow(rows[0]);
}

/** Sets a new password; returns false when there is no such account. */
export async function setStaffPassword(db: Queryable, username: string, password: string): Promise<boolean> {
  return (await setStaffPasswordHash(db, [username], await hashPassword(password))) > 0;
}

/** Gives accounts one already computed hash (the demo's users, who share the printed password). */
export async function setStaffPasswordHash(db: Queryable, usernames: readonly string[], passwordHash: string): Promise<number> {
  const { rowCount } = await db.query(`UPDATE staff_user SET password_hash = $2 WHERE username = ANY($1::text[])`, [usernames.map(normalizeUsername), passwordHash]);
  return rowCount;
}

/** Disables an account and ends its sessions. Returns false when there is no such account. */
export async function disableStaffUser(db: Queryable, id: string, by: string, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE staff_user SET disabled_at = COALESCE(disabled_at, $2), disabled_by = COALESCE(disabled_by, $3) WHERE id = $1`, [id, now.toISOString(), by]);
  if (rowCount === 0) return false;
  await db.query(`UPDATE refresh_token SET revoked_at = $2 WHERE subject = $1 AND subject_kind = 'user' AND revoked_at IS NULL`, [id, now.toISOString()]);
  return true;
}

export function staffPrincipalOf(user: StaffUser, deviceId?: string): Principal {
  return {
    kind: 'user',
    subject: user.id,
    display: user.display,
    roles: [...user.roles],
    organizationId: user.organizationId,
    practitionerId: user.practitionerId,
    practitionerRoleId: user.practitionerRoleId,
    deviceId,
  };
}
