-- State registers (src-server/registers/): where Central is in the population register's feed of
-- changes, and the electronic sick-leave certificates with the outbox of operations that carries
-- them to the Social Protection Fund.

CREATE TABLE register_cursor (
  register   text PRIMARY KEY,
  position   bigint NOT NULL,
  updated_at timestamptz NOT NULL
);

-- A certificate as the doctor asked for it (status, period_from/to) and as the Fund confirmed it
-- (fund_*). The two differ while operations wait in the outbox.
CREATE TABLE sick_leave_certificate (
  id              text PRIMARY KEY,
  patient_id      text NOT NULL,
  personal_number text NOT NULL,
  encounter_id    text,
  organization_id text NOT NULL,
  created_by      text NOT NULL,
  reason          text NOT NULL,
  diagnosis       text NOT NULL,
  status          text NOT NULL CHECK (status IN ('open', 'closed', 'cancelled')),
  period_from     text NOT NULL,
  period_to       text NOT NULL,
  -- pending: operations still to be confirmed; confirmed: the Fund has all of them; refused: it refused one.
  fund_status     text NOT NULL CHECK (fund_status IN ('pending', 'confirmed', 'refused')),
  fund_number     text,
  fund_state      jsonb,
  fund_message    text,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE INDEX sick_leave_certificate_patient_idx ON sick_leave_certificate (patient_id, created_at);

-- The outbox: one row per operation, sent in `seq` order per certificate. `id` is the operation id
-- the Fund deduplicates on, so a resend after a lost answer is the same operation.
CREATE TABLE sick_leave_operation (
  id              text PRIMARY KEY,
  certificate_id  text NOT NULL REFERENCES sick_leave_certificate (id),
  seq             integer NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('open', 'extend', 'close', 'cancel')),
  payload         jsonb NOT NULL,
  -- pending: to send; accepted / refused: the Fund's answer; blocked: an earlier operation was refused.
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'refused', 'blocked')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  leased_until    timestamptz,
  last_error      text,
  answer          jsonb,
  created_at      timestamptz NOT NULL,
  answered_at     timestamptz,
  UNIQUE (certificate_id, seq)
);
CREATE INDEX sick_leave_operation_due_idx ON sick_leave_operation (next_attempt_at) WHERE status = 'pending';
