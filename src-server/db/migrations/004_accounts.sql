-- Who may log in to Central: staff, patients (the cabinet), institution systems, and the enrolled
-- workstations staff log in through. Passwords are scrypt hashes with a salt of their own
-- ("scrypt$N$r$p$salt$hash"); client and device secrets are 32 random bytes, so a SHA-256 of them
-- is enough (nothing to guess).
CREATE TABLE staff_user (
  id                   text PRIMARY KEY,
  username             text NOT NULL UNIQUE,
  password_hash        text NOT NULL,
  display              text NOT NULL,
  roles                text[] NOT NULL,
  organization_id      text,
  practitioner_id      text,
  practitioner_role_id text,
  created_at           timestamptz NOT NULL,
  disabled_at          timestamptz,
  disabled_by          text
);
CREATE INDEX staff_user_disabled_idx ON staff_user (disabled_at) WHERE disabled_at IS NOT NULL;

CREATE TABLE patient_account (
  patient_id      text PRIMARY KEY,
  personal_number text NOT NULL UNIQUE,
  password_hash   text NOT NULL,
  display         text NOT NULL,
  created_at      timestamptz NOT NULL,
  disabled_at     timestamptz
);
CREATE INDEX patient_account_disabled_idx ON patient_account (disabled_at) WHERE disabled_at IS NOT NULL;

CREATE TABLE institution_client (
  client_id       text PRIMARY KEY,
  secret_hash     text NOT NULL,
  organization_id text NOT NULL,
  display         text NOT NULL,
  created_at      timestamptz NOT NULL,
  revoked_at      timestamptz
);
CREATE INDEX institution_client_revoked_idx ON institution_client (revoked_at) WHERE revoked_at IS NOT NULL;

CREATE TABLE device (
  id              text PRIMARY KEY,
  secret_hash     text NOT NULL,
  organization_id text NOT NULL,
  display         text NOT NULL,
  enrolled_by     text NOT NULL,
  enrolled_at     timestamptz NOT NULL,
  last_seen_at    timestamptz,
  revoked_at      timestamptz,
  revoked_by      text
);
CREATE INDEX device_organization_idx ON device (organization_id);
CREATE INDEX device_revoked_idx ON device (revoked_at) WHERE revoked_at IS NOT NULL;
