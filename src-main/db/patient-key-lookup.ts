import type { SqliteDatabase } from './open.js';

export interface IndexRow {
  /** Where a keyset page ends (patient_name_key rows only). */
  k_surname?: string;
  k_rowid?: number;
  patient_id: string;
  display_name: string;
  surname_keys: string;
  given_keys: string;
  birth_date: string | null;
  personal_number: string | null;
  gender: string | null;
}

export type NamePart = 's' | 'g';

const COLUMNS = 'p.patient_id, p.display_name, p.surname_keys, p.given_keys, p.birth_date, p.personal_number, p.gender';

/**
 * Index range scans for the two searches typed most: one name word (letter by letter) and a
 * personal number. Each reads only the rows it returns, already in order, whatever the number of
 * patients: surnames equal to the word, then given names equal to it, then surnames beginning with it.
 */
export class PatientKeyLookup {
  private readonly exact;
  private readonly prefix;
  private readonly number;
  private readonly ofSurname;
  private readonly otherSpelling;

  constructor(db: SqliteDatabase) {
    this.exact = db.prepare<[string, string, string, number, number], IndexRow>(
      `SELECT k.surname AS k_surname, k.patient_rowid AS k_rowid, ${COLUMNS} FROM patient_name_key k JOIN patient_index p ON p.rowid = k.patient_rowid
        WHERE k.part = ? AND k.key = ? AND (k.surname, k.patient_rowid) > (?, ?) ORDER BY k.surname, k.patient_rowid LIMIT ?`,
    );
    this.prefix = db.prepare<[string, string, string, number, number], IndexRow>(
      `SELECT ${COLUMNS} FROM patient_name_key k JOIN patient_index p ON p.rowid = k.patient_rowid
        WHERE k.part = ? AND k.key > ? AND k.key < ? ORDER BY k.key, k.surname, k.patient_rowid LIMIT ? OFFSET ?`,
    );
    this.ofSurname = db.prepare<[string, string, string, string, number], IndexRow>(
      `SELECT ${COLUMNS} FROM patient_name_key k JOIN patient_index p ON p.rowid = k.patient_rowid
        WHERE k.surname = ? AND k.part = ? AND k.key >= ? AND k.key < ? ORDER BY k.key, k.patient_rowid LIMIT ?`,
    );
    this.otherSpelling = db.prepare<[string, string, number], IndexRow>(
      `SELECT ${COLUMNS} FROM patient_name_key k JOIN patient_index p ON p.rowid = k.patient_rowid
        WHERE k.part = 's' AND k.key = ? AND k.surname <> ? ORDER BY k.surname, k.patient_rowid LIMIT ?`,
    );
    this.number = db.prepare<[string, string, number], IndexRow>(
      `SELECT ${COLUMNS} FROM patient_index p WHERE p.personal_number >= ? AND p.personal_number < ? ORDER BY p.personal_number LIMIT ?`,
    );
  }

  /**
   * Patients with a surname (part 's') or given name or patronymic ('g') equal to the key, in
   * alphabetical order of surname; `after` continues from the last row of the previous page.
   */
  equals(part: NamePart, key: string, limit: number, after?: IndexRow): IndexRow[] {
    return this.exact.all(part, key, after?.k_surname ?? '', after?.k_rowid ?? -1, limit);
  }

  /** Names beginning with the key and longer than it (the equal ones come from `equals`), in key order. */
  beginsWith(part: NamePart, key: string, limit: number, offset = 0): IndexRow[] {
    return this.prefix.all(part, key, `${key}\uffff`, limit, offset);
  }

  /**
   * Patients whose (first) surname is `surname` and who have a name of `part` beginning with
   * `prefix`: "Иванов И" reads only the Ivanovs whose names begin with И.
   */
  ofSurnameBeginningWith(surname: string, part: NamePart, prefix: string, limit: number): IndexRow[] {
    return this.ofSurname.all(surname, part, prefix, `${prefix}\uffff`, limit);
  }

  /** Patients who carry `key` as a surname that is not their first one (another spelling, a part of a double surname). */
  withOtherSurname(key: string, limit: number): IndexRow[] {
    return this.otherSpelling.all(key, key, limit);
  }

  personalNumberBeginsWith(prefix: string, limit: number): IndexRow[] {
    return this.number.all(prefix, `${prefix}\uffff`, limit);
  }
}
