/**
 * What the workstation keeps besides the replica: its enrolment with Central, the staff who logged
 * in through it (with the verifier for offline login), register checks still to do, the local
 * ICD-10 copy, patients fetched on demand, and small host state. All of it sits in the encrypted
 * file: the device secret and the verifiers are as sensitive as the records.
 */
export const workstationSchema = `
-- One row: this workstation's identity at Central. The secret is shown by Central once, at enrolment.
CREATE TABLE enrolment (
  id                INTEGER PRIMARY KEY CHECK (id = 1),
  device_id         TEXT NOT NULL,
  device_secret     TEXT NOT NULL,
  organization_id   TEXT NOT NULL,
  organization_name TEXT NOT NULL,
  display           TEXT NOT NULL,
  central_url       TEXT NOT NULL,
  enrolled_at       TEXT NOT NULL,
  enrolled_by       TEXT NOT NULL
);

-- Staff who logged in online through this workstation: who they are, the verifier Central issued
-- for offline login, and the refresh token of their latest session (to reach Central again after
-- an offline login, until that session expires).
CREATE TABLE staff_account (
  user_id           TEXT PRIMARY KEY,
  username          TEXT NOT NULL UNIQUE,
  profile           TEXT NOT NULL CHECK (json_valid(profile)),
  verifier          TEXT NOT NULL CHECK (json_valid(verifier)),
  refresh_token     TEXT,
  last_online_login TEXT NOT NULL
);

-- Patients registered here whose population-register check is still to run or needs a person.
CREATE TABLE register_check (
  patient_id      TEXT PRIMARY KEY,
  personal_number TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'not-found', 'mismatch')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  checked_at      TEXT,
  detail          TEXT
);
CREATE INDEX register_check_pending_idx ON register_check (patient_id) WHERE status = 'pending';

-- The local ICD-10 copy (active codes), so a diagnosis can be coded offline.
CREATE TABLE icd10 (
  rowid    INTEGER PRIMARY KEY,
  code     TEXT NOT NULL UNIQUE,
  code_key TEXT NOT NULL,
  title    TEXT NOT NULL,
  leaf     INTEGER NOT NULL CHECK (leaf IN (0, 1))
);
CREATE INDEX icd10_code_key_idx ON icd10 (code_key);
-- Title words, lower case with ё as е; prefix indexes make "остр бронх" fast as it is typed.
CREATE VIRTUAL TABLE icd10_fts USING fts5(words, content = '', contentless_delete = 1, tokenize = 'unicode61', prefix = '1 2 3');

-- Patients outside the scope, fetched on demand with a stated reason (break-the-glass).
CREATE TABLE fetched_patient (
  patient_id TEXT PRIMARY KEY,
  fetched_at TEXT NOT NULL,
  fetched_by TEXT NOT NULL,
  reason     TEXT NOT NULL
);

-- Small named values of the host (the CLI session, when ICD-10 was last pulled, ...).
CREATE TABLE host_state (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- The doctor's day reads appointments by start time; julianday() compares instants in any offset.
CREATE INDEX resources_appointment_start_idx ON resources (julianday(json_extract(content, '$.start'))) WHERE type = 'Appointment';
`;
