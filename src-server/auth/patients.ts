import { normalizePersonalNumber, isValidPersonalNumber } from '../../shared/domain/personal-number.js';
import type { Queryable } from '../db/database.js';
import { hashPassword } from './passwords.js';
import type { Principal } from './principal.js';

/** A patient's cabinet account: logs in with the personal number and a password of their own. */
export interface PatientAccount {
  patientId: string;
  personalNumber: string;
  display: string;
  disabled: boolean;
}

export interface NewPatientAccount {
  patientId: string;
  personalNumber: string;
  password: string;
  /** The name shown in the cabinet; defaults to the personal number. */
  display?: string | undefined;
}

export async function createPatientAccount(db: Queryable, input: NewPatientAccount, now = new Date()): Promise<PatientAccount> {
  const personalNumber = normalizePersonalNumber(input.personalNumber);
  if (!isValidPersonalNumber(personalNumber)) throw new RangeError('The personal number is not valid');
  const display = input.display ?? personalNumber;
  await db.query(
    `INSERT INTO patient_account (patient_id, personal_number, password_hash, display, created_at) VALUES ($1, $2, $3, $4, $5)`,
    [input.patientId, personalNumber, await hashPassword(input.password), display, now.toISOString()],
  );
  return { patientId: input.patientId, personalNumber, display, disabled: false };
}

/** Gives cabinet accounts a new password hash; answers how many accounts there were. */
export async function setPatientPasswordHash(db: Queryable, patientIds: readonly string[], passwordHash: string): Promise<number> {
  const { rowCount } = await db.query(`UPDATE patient_account SET password_hash = $2 WHERE patient_id = ANY($1::text[])`, [patientIds, passwordHash]);
  return rowCount;
}

interface PatientAccountRow {
  patient_id: string;
  personal_number: string;
  password_hash: string;
  display: string;
  disabled_at: Date | null;
}

const fromRow = (row: PatientAccountRow): PatientAccount & { passwordHash: string } => ({
  patientId: row.patient_id,
  personalNumber: row.personal_number,
  display: row.display,
  passwordHash: row.password_hash,
  disabled: row.disabled_at !== null,
});

export async function findPatientAccountByNumber(db: Queryable, personalNumber: string): Promise<(PatientAccount & { passwordHash: string }) | undefined> {
  const { rows } = await db.query<PatientAccountRow>(`SELECT patient_id, personal_number, password_hash, display, disabled_at FROM patient_account WHERE personal_number = $1`, [normalizePersonalNumber(personalNumber)]);
  return rows[0] && fromRow(rows[0]);
}

export async function findPatientAccount(db: Queryable, patientId: string): Promise<(PatientAccount & { passwordHash: string }) | undefined> {
  const { rows } = await db.query<PatientAccountRow>(`SELECT patient_id, personal_number, password_hash, display, disabled_at FROM patient_account WHERE patient_id = $1`, [patientId]);
  return rows[0] && fromRow(rows[0]);
}

/** The cabinet's principal: its subject is the Patient id, so every query narrows to that record. */
export function patientPrincipalOf(account: PatientAccount): Principal {
  return { kind: 'patient', subject: account.patientId, display: account.display, roles: ['patient'], patientId: account.patientId };
}
