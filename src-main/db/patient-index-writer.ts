import type { Patient } from '@medplum/fhirtypes';
import type { SqliteDatabase } from './open.js';
import { birthDateToken, patientSearchRow } from './patient-index.js';

/** Keeps patient_index and its FTS5 twin in step; always called inside the caller's transaction. */
export class PatientIndexWriter {
  private readonly upsertRow;
  private readonly selectRowid;
  private readonly deleteRow;
  private readonly deleteFts;
  private readonly insertFts;
  private readonly deleteKeys;
  private readonly insertKey;

  constructor(db: SqliteDatabase) {
    this.upsertRow = db.prepare<unknown[], { rowid: number }>(
      `INSERT INTO patient_index (patient_id, display_name, surname_key, surname_keys, given_keys, birth_date, personal_number, gender)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (patient_id) DO UPDATE SET display_name = excluded.display_name, surname_key = excluded.surname_key,
         surname_keys = excluded.surname_keys, given_keys = excluded.given_keys,
         birth_date = excluded.birth_date, personal_number = excluded.personal_number, gender = excluded.gender
       RETURNING rowid`,
    );
    this.selectRowid = db.prepare<[string], { rowid: number }>('SELECT rowid FROM patient_index WHERE patient_id = ?');
    this.deleteRow = db.prepare<[number]>('DELETE FROM patient_index WHERE rowid = ?');
    this.deleteFts = db.prepare<[number]>('DELETE FROM patient_fts WHERE rowid = ?');
    this.insertFts = db.prepare<unknown[]>('INSERT INTO patient_fts (rowid, surname, given, personal_number, birth_date) VALUES (?, ?, ?, ?, ?)');
    this.deleteKeys = db.prepare<[number]>('DELETE FROM patient_name_key WHERE patient_rowid = ?');
    this.insertKey = db.prepare<[string, string, string, number]>('INSERT OR IGNORE INTO patient_name_key (part, key, surname, patient_rowid) VALUES (?, ?, ?, ?)');
  }

  put(patient: Patient): void {
    if (!patient.id) return;
    const row = patientSearchRow(patient);
    const surnames = row.surnameKeys.join(' ');
    const givens = row.givenKeys.join(' ');
    const { rowid } = this.upsertRow.get(
      patient.id, row.displayName, row.surnameKeys[0] ?? '', surnames, givens, row.birthDate, row.personalNumber, row.gender,
    )!;
    this.deleteFts.run(rowid);
    this.insertFts.run(
      rowid,
      surnames,
      givens,
      row.personalNumber?.toLowerCase() ?? '',
      row.birthDate ? (birthDateToken(row.birthDate) ?? '') : '',
    );
    this.deleteKeys.run(rowid);
    const surname = row.surnameKeys[0] ?? '';
    for (const key of row.surnameKeys) this.insertKey.run('s', key, surname, rowid);
    for (const key of row.givenKeys) this.insertKey.run('g', key, surname, rowid);
  }

  remove(patientId: string): void {
    const found = this.selectRowid.get(patientId);
    if (!found) return;
    this.deleteFts.run(found.rowid);
    this.deleteKeys.run(found.rowid);
    this.deleteRow.run(found.rowid);
  }
}
