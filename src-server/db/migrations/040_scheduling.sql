-- Scheduling (src-server/scheduling/): schedule definitions, the slots they generate, and the booking
-- ledger whose unique index is what makes booking one slot twice impossible, whoever books it.

-- A doctor's schedule as a clinic administrator defined it (shared/api/schedule.ts). The FHIR
-- Schedule of the same id is written from it; `version` refuses a stale edit.
CREATE TABLE schedule_definition (
  schedule_id      text PRIMARY KEY,
  organization_id  text NOT NULL,
  practitioner_id  text NOT NULL,
  location_id      text NOT NULL,
  specialty_code   text NOT NULL,
  display          text NOT NULL,
  active           boolean NOT NULL,
  version          integer NOT NULL,
  definition       jsonb NOT NULL,
  -- Local date up to which (exclusive) slots have been generated.
  generated_to     date,
  updated_at       timestamptz NOT NULL,
  updated_by       text NOT NULL
);
CREATE INDEX schedule_definition_org_idx ON schedule_definition (organization_id, specialty_code);
CREATE INDEX schedule_definition_practitioner_idx ON schedule_definition (practitioner_id);

-- Every slot a definition generated, in the shape it has now (the FHIR Slot of the same id is its
-- published copy). `planned` is false for a slot that left the schedule while a booking held it:
-- it stays until that booking is moved or cancelled.
CREATE TABLE schedule_slot (
  slot_id      text PRIMARY KEY,
  schedule_id  text NOT NULL REFERENCES schedule_definition (schedule_id),
  start_at     timestamptz NOT NULL,
  end_at       timestamptz NOT NULL,
  visit_type   text NOT NULL,
  planned      boolean NOT NULL DEFAULT true
);
CREATE INDEX schedule_slot_schedule_start_idx ON schedule_slot (schedule_id, start_at);
CREATE INDEX schedule_slot_start_idx ON schedule_slot (start_at) WHERE planned;

-- The booking ledger: one row each time an appointment took a slot. A row is active until the
-- booking is cancelled or moved (released_at). Written in the same transaction as the Appointment.
CREATE TABLE slot_booking (
  id              bigserial PRIMARY KEY,
  slot_id         text NOT NULL,
  appointment_id  text NOT NULL,
  patient_id      text NOT NULL,
  channel         text NOT NULL CHECK (channel IN ('workstation', 'staff', 'cabinet')),
  booked_by       text NOT NULL,
  booked_at       timestamptz NOT NULL,
  released_at     timestamptz,
  release_reason  text CHECK (release_reason IN ('cancelled', 'rescheduled'))
);
-- THE guarantee: at most one active booking per slot. Concurrent bookings of one slot meet here and
-- exactly one row gets in; the others are refused (INSERT ... ON CONFLICT DO NOTHING).
CREATE UNIQUE INDEX slot_booking_one_per_slot ON slot_booking (slot_id) WHERE released_at IS NULL;
CREATE UNIQUE INDEX slot_booking_one_per_appointment ON slot_booking (appointment_id) WHERE released_at IS NULL;
CREATE INDEX slot_booking_patient_idx ON slot_booking (patient_id, booked_at);

-- Bookings whose slot left the schedule (an absence, a holiday, changed hours): a registrar moves
-- or cancels them. One open item per appointment.
CREATE TABLE rebook_item (
  appointment_id   text NOT NULL,
  schedule_id      text NOT NULL,
  organization_id  text NOT NULL,
  slot_id          text NOT NULL,
  patient_id       text NOT NULL,
  start_at         timestamptz NOT NULL,
  reason           text NOT NULL,
  since            timestamptz NOT NULL,
  resolved_at      timestamptz,
  resolution       text
);
CREATE UNIQUE INDEX rebook_item_open_idx ON rebook_item (appointment_id) WHERE resolved_at IS NULL;
CREATE INDEX rebook_item_org_idx ON rebook_item (organization_id, start_at) WHERE resolved_at IS NULL;

-- The walk-in queue: an Appointment (type WALKIN, no slot) per patient who came without booking.
CREATE TABLE walk_in (
  appointment_id   text PRIMARY KEY,
  organization_id  text NOT NULL,
  practitioner_id  text,
  queue_date       date NOT NULL,
  queued_at        timestamptz NOT NULL
);
CREATE INDEX walk_in_org_date_idx ON walk_in (organization_id, queue_date, queued_at);

-- What the clinic changed in a patient's bookings, for the patient's cabinet.
CREATE TABLE schedule_change_notice (
  id              bigserial PRIMARY KEY,
  patient_id      text NOT NULL,
  appointment_id  text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('cancelled-by-clinic', 'rescheduled-by-clinic', 'rebook-needed')),
  at              timestamptz NOT NULL,
  reason          text,
  rebook_reason   text,
  previous_start  timestamptz,
  start_at        timestamptz
);
CREATE INDEX schedule_change_notice_patient_idx ON schedule_change_notice (patient_id, at);

-- Bookings a patient made through the cabinet per local day: the row is the counter and its lock
-- serialises one patient's concurrent cabinet bookings.
CREATE TABLE cabinet_booking_day (
  patient_id  text NOT NULL,
  day         date NOT NULL,
  bookings    integer NOT NULL,
  PRIMARY KEY (patient_id, day)
);

-- Bookings made before this ledger existed hold their slots too (the earliest one per slot).
INSERT INTO slot_booking (slot_id, appointment_id, patient_id, channel, booked_by, booked_at)
SELECT DISTINCT ON (substr(content->'slot'->0->>'reference', 6))
       substr(content->'slot'->0->>'reference', 6), id, COALESCE(patient_id, ''), 'workstation', 'migration 040', last_updated
FROM resource
WHERE resource_type = 'Appointment' AND NOT deleted AND content->'slot'->0->>'reference' LIKE 'Slot/%'
  AND content->>'status' IN ('booked', 'arrived', 'checked-in', 'fulfilled', 'noshow')
ORDER BY substr(content->'slot'->0->>'reference', 6), last_updated, id;
