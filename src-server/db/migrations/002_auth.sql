-- Secrets Central generates for itself on first start (token signing key).
CREATE TABLE server_secret (
  name  text PRIMARY KEY,
  value bytea NOT NULL
);
