-- Refresh tokens: only their SHA-256 is stored. Each login starts a family; a refresh rotates the
-- token (the old row gets rotated_at) and a second use of a rotated token revokes the whole family,
-- because it means the token was copied.
CREATE TABLE refresh_token (
  token_hash        text PRIMARY KEY,
  family_id         text NOT NULL,
  subject_kind      text NOT NULL CHECK (subject_kind IN ('user', 'patient')),
  subject           text NOT NULL,
  device_id         text,
  issued_at         timestamptz NOT NULL,
  expires_at        timestamptz NOT NULL,
  family_expires_at timestamptz NOT NULL,
  rotated_at        timestamptz,
  revoked_at        timestamptz
);
CREATE INDEX refresh_token_family_idx ON refresh_token (family_id);
CREATE INDEX refresh_token_subject_idx ON refresh_token (subject);
CREATE INDEX refresh_token_device_idx ON refresh_token (device_id) WHERE device_id IS NOT NULL;

-- Access tokens ended by logout before they expire (kept only until they would have expired).
CREATE TABLE revoked_access_token (
  token_id   text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);

-- Failed logins per account key ("staff:<username>", "patient:<number>"), whether or not the
-- account exists, so the lockout itself tells a guesser nothing about which names are real.
CREATE TABLE login_throttle (
  account_key     text PRIMARY KEY,
  failures        integer NOT NULL,
  last_failure_at timestamptz NOT NULL,
  locked_until    timestamptz
);
