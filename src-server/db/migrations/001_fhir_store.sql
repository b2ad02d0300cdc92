-- The FHIR store: current versions, full history, the change log and the search indexes.

-- The current version of every resource. A deleted resource stays here (deleted = true) so its id
-- cannot be reused and a read answers 410 Gone.
CREATE TABLE resource (
  resource_type text NOT NULL,
  id            text NOT NULL,
  version_id    integer NOT NULL,
  last_updated  timestamptz NOT NULL,
  deleted       boolean NOT NULL DEFAULT false,
  -- The Patient whose compartment holds this resource (the Patient's own id for a Patient).
  patient_id    text,
  content       jsonb NOT NULL,
  PRIMARY KEY (resource_type, id)
);
CREATE INDEX resource_type_updated_idx ON resource (resource_type, last_updated, id);
CREATE INDEX resource_patient_idx ON resource (patient_id, resource_type) WHERE patient_id IS NOT NULL;

-- Every version ever written, deletions included.
CREATE TABLE resource_history (
  resource_type text NOT NULL,
  id            text NOT NULL,
  version_id    integer NOT NULL,
  last_updated  timestamptz NOT NULL,
  deleted       boolean NOT NULL DEFAULT false,
  content       jsonb NOT NULL,
  PRIMARY KEY (resource_type, id, version_id)
);
CREATE INDEX resource_history_type_updated_idx ON resource_history (resource_type, last_updated);
CREATE INDEX resource_history_updated_idx ON resource_history (last_updated);

-- One row per committed write. `tx` is the writing transaction's id: a reader only takes rows of
-- transactions older than every transaction still running, so a change committed late by a slow
-- transaction is never skipped (see fhir/changes.ts).
CREATE TABLE change_log (
  seq           bigserial PRIMARY KEY,
  tx            xid8 NOT NULL DEFAULT pg_current_xact_id(),
  resource_type text NOT NULL,
  id            text NOT NULL,
  version_id    integer NOT NULL,
  deleted       boolean NOT NULL,
  patient_id    text
);
CREATE INDEX change_log_tx_seq_idx ON change_log (tx, seq);
CREATE INDEX change_log_patient_idx ON change_log (patient_id, tx, seq) WHERE patient_id IS NOT NULL;

-- Search indexes: rows extracted from the current version of each resource (fhir/search/).
CREATE TABLE search_token (
  resource_type text NOT NULL,
  id            text NOT NULL,
  param         text NOT NULL,
  system        text,
  code          text NOT NULL
);
CREATE INDEX search_token_lookup_idx ON search_token (resource_type, param, code, system);
CREATE INDEX search_token_owner_idx ON search_token (resource_type, id);

-- One row per word: `value` is its search key (shared/domain/names.ts nameSearchKey: Cyrillic and
-- Latin spellings, case, ё/е and diacritics folded to one Latin key, so Ivanov finds Иванов by
-- prefix); `raw` is the original string the word came from, for :exact and for _sort.
CREATE TABLE search_string (
  resource_type text NOT NULL,
  id            text NOT NULL,
  param         text NOT NULL,
  value         text COLLATE "C" NOT NULL,
  raw           text COLLATE "C" NOT NULL
);
CREATE INDEX search_string_prefix_idx ON search_string (resource_type, param, value text_pattern_ops);
CREATE INDEX search_string_owner_idx ON search_string (resource_type, id);

CREATE TABLE search_date (
  resource_type text NOT NULL,
  id            text NOT NULL,
  param         text NOT NULL,
  low           timestamptz NOT NULL,
  high          timestamptz NOT NULL
);
CREATE INDEX search_date_lookup_idx ON search_date (resource_type, param, low, high);
CREATE INDEX search_date_owner_idx ON search_date (resource_type, id);

CREATE TABLE search_reference (
  resource_type text NOT NULL,
  id            text NOT NULL,
  param         text NOT NULL,
  target_type   text NOT NULL,
  target_id     text NOT NULL
);
CREATE INDEX search_reference_lookup_idx ON search_reference (resource_type, param, target_id, target_type);
CREATE INDEX search_reference_owner_idx ON search_reference (resource_type, id);

-- One Patient per personal number, enforced by the database rather than by a read-then-write.
CREATE TABLE patient_personal_number (
  personal_number text PRIMARY KEY,
  patient_id      text NOT NULL UNIQUE
);
