/**
 * The first schema: the FHIR replica, the patient search index, and the tables the sync engine
 * keeps its state in. JSON columns hold text checked with json_valid so a bad write fails loudly.
 */
export const replicaSchema = `
-- The current version of every resource this workstation holds. A deleted resource stays as a
-- tombstone (deleted = 1, content without clinical data) so an older copy arriving late cannot
-- bring it back.
CREATE TABLE resources (
  type         TEXT    NOT NULL,
  id           TEXT    NOT NULL,
  version_id   INTEGER NOT NULL,
  last_updated TEXT    NOT NULL,
  deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
  -- The Patient whose compartment holds the resource (the Patient's own id for a Patient).
  patient_id   TEXT,
  content      TEXT    NOT NULL CHECK (json_valid(content)),
  UNIQUE (type, id)
);
CREATE INDEX resources_patient_idx ON resources (patient_id, type) WHERE patient_id IS NOT NULL;
CREATE INDEX resources_type_updated_idx ON resources (type, last_updated);

-- One row per live Patient: what a search result shows, and the rowid that links it to the FTS index.
CREATE TABLE patient_index (
  rowid           INTEGER PRIMARY KEY,
  patient_id      TEXT NOT NULL UNIQUE,
  display_name    TEXT NOT NULL,
  -- The first surname key: ranks exact surname matches, then the rest in alphabetical order.
  surname_key     TEXT NOT NULL,
  -- All name keys, space-separated: to score a hit without going back to the resource.
  surname_keys    TEXT NOT NULL,
  given_keys      TEXT NOT NULL,
  birth_date      TEXT,
  personal_number TEXT,
  gender          TEXT
);
CREATE INDEX patient_index_personal_number_idx ON patient_index (personal_number);

-- Name keys (shared/domain/names.ts), personal number, birth date as dYYYYMMDD. Contentless: the
-- text lives in patient_index; prefix indexes keep as-you-type prefixes of 1-3 letters fast.
CREATE VIRTUAL TABLE patient_fts USING fts5(
  surname, given, personal_number, birth_date,
  content = '', contentless_delete = 1, tokenize = 'unicode61', prefix = '1 2 3'
);

-- Sync bookkeeping: the pull cursor and whatever else the engine must remember between runs.
CREATE TABLE sync_state (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Local changes waiting for Central. AUTOINCREMENT: a mutation id is never reused, even after rows
-- are deleted, because Central applies each (client, mutation id) exactly once.
CREATE TABLE outbox (
  mutation_id  INTEGER PRIMARY KEY AUTOINCREMENT,
  kind         TEXT    NOT NULL,
  args         TEXT    NOT NULL CHECK (json_valid(args)),
  base_version INTEGER,
  created_at   TEXT    NOT NULL,
  status       TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applied', 'rejected'))
);
CREATE INDEX outbox_pending_idx ON outbox (mutation_id) WHERE status = 'pending';

-- Refusals and conflicts Central sent back: a person resolves each one; nothing is dropped silently.
CREATE TABLE inbox (
  id          INTEGER PRIMARY KEY,
  mutation_id INTEGER NOT NULL UNIQUE,
  kind        TEXT    NOT NULL CHECK (kind IN ('rejected', 'conflict')),
  outcome     TEXT    NOT NULL CHECK (json_valid(outcome)),
  local       TEXT             CHECK (local IS NULL OR json_valid(local)),
  server      TEXT             CHECK (server IS NULL OR json_valid(server)),
  created_at  TEXT    NOT NULL,
  resolved_at TEXT,
  resolution  TEXT
);
CREATE INDEX inbox_open_idx ON inbox (created_at) WHERE resolved_at IS NULL;

-- AuditEvents recorded here first (every chart opening and search), delivered to Central later.
CREATE TABLE audit_local (
  id        INTEGER PRIMARY KEY,
  event_id  TEXT    NOT NULL UNIQUE,
  recorded  TEXT    NOT NULL,
  content   TEXT    NOT NULL CHECK (json_valid(content)),
  delivered INTEGER NOT NULL DEFAULT 0 CHECK (delivered IN (0, 1))
);
CREATE INDEX audit_local_undelivered_idx ON audit_local (id) WHERE delivered = 0;

-- Patients a person asked to keep on this workstation (part of the sync scope).
CREATE TABLE pinned_patients (
  patient_id TEXT PRIMARY KEY,
  pinned_at  TEXT NOT NULL,
  pinned_by  TEXT
);
`;
