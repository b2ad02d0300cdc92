/**
 * Scheduling, version 20. A move made here (book the new slot, then cancel the old booking) waits
 * in `pending_move` until Central confirms the new booking: only then is the old one cancelled, so a
 * refused move leaves the patient with the booking they had. Slots are read by start time, like
 * appointments.
 */
export const schedulingSchema = `
CREATE TABLE pending_move (
  appointment_id TEXT PRIMARY KEY,
  replaces TEXT NOT NULL,
  reason TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX resources_slot_start_idx ON resources (julianday(json_extract(content, '$.start'))) WHERE type = 'Slot';
`;
