/**
 * Sick-leave certificates, version 30 (the registers' range, 30-39). Central's view of each
 * certificate of the patients seen here, as last fetched, so the doctor reads the Fund's answer
 * offline. The steps made here are not copied: they are the outbox's `sick-leave` rows, read
 * through a partial index.
 */
export const sickLeaveSchema = `
CREATE TABLE sick_leave_certificate (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL,
  central_view TEXT NOT NULL,
  fetched_at TEXT NOT NULL
);
CREATE INDEX sick_leave_certificate_patient_idx ON sick_leave_certificate (patient_id);
CREATE INDEX outbox_sick_leave_idx ON outbox (mutation_id) WHERE kind = 'sick-leave';
`;
