/**
 * Every name key of every patient in key order, with the patient's first surname beside it: a
 * single word typed at the desk (the common case, letter by letter) is answered by a range scan
 * that is already in alphabetical order, instead of sorting every FTS match of a short prefix.
 * Filled here from the existing index; kept by PatientIndexWriter from then on.
 */
export const nameKeysSchema = `
CREATE TABLE patient_name_key (
  part          TEXT    NOT NULL CHECK (part IN ('s', 'g')),
  key           TEXT    NOT NULL,
  surname       TEXT    NOT NULL,
  patient_rowid INTEGER NOT NULL,
  PRIMARY KEY (part, key, surname, patient_rowid)
) WITHOUT ROWID;
CREATE INDEX patient_name_key_owner_idx ON patient_name_key (patient_rowid);
-- "Иванов И": the given names (and other surname parts) of the patients whose surname is Иванов.
CREATE INDEX patient_name_key_surname_idx ON patient_name_key (surname, part, key);

-- Keys are [a-z0-9] only (shared/domain/names.ts), so the space-separated lists read as JSON arrays.
INSERT OR IGNORE INTO patient_name_key (part, key, surname, patient_rowid)
  SELECT 's', j.value, p.surname_key, p.rowid FROM patient_index p, json_each('["' || replace(p.surname_keys, ' ', '","') || '"]') j
   WHERE p.surname_keys <> '';
INSERT OR IGNORE INTO patient_name_key (part, key, surname, patient_rowid)
  SELECT 'g', j.value, p.surname_key, p.rowid FROM patient_index p, json_each('["' || replace(p.given_keys, ' ', '","') || '"]') j
   WHERE p.given_keys <> '';
`;
