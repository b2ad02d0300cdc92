-- Institution feeds (src-server/integration/): the institutions that send records, every
-- submission as received (kept before processing, so a failure half way loses nothing), what each
-- institution's record became in Central, and the review queue of records whose person is not certain.

-- An institution verified in the register of legal entities; its systems are institution_client rows.
CREATE TABLE institution (
  organization_id text PRIMARY KEY,
  unp             text NOT NULL UNIQUE,
  kind            text NOT NULL CHECK (kind IN ('laboratory', 'hospital', 'private-clinic', 'ambulance')),
  name            text NOT NULL,
  -- MSH-4 (sending facility) of the institution's HL7 v2 messages.
  hl7_facility    text NOT NULL UNIQUE,
  register_status text NOT NULL,
  verified_at     timestamptz NOT NULL
);

CREATE TABLE feed_submission (
  id              text PRIMARY KEY,
  client_id       text NOT NULL,
  organization_id text NOT NULL,
  channel         text NOT NULL CHECK (channel IN ('fhir', 'hl7v2')),
  received_at     timestamptz NOT NULL,
  origin_ip       text,
  bundle          jsonb NOT NULL,
  -- received: stored, not processed yet (or waiting to retry); accepted; rejected (outcome says why);
  -- review: processed, part of it waits for a person to confirm whose record it is.
  status          text NOT NULL CHECK (status IN ('received', 'accepted', 'rejected', 'review')),
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  processed_at    timestamptz,
  summary         jsonb,
  outcome         jsonb
);
CREATE INDEX feed_submission_client_idx ON feed_submission (organization_id, received_at DESC);
CREATE INDEX feed_submission_waiting_idx ON feed_submission (received_at) WHERE status = 'received';

-- The institution's own identifier of a record (its source key) → the Central resource it became,
-- with a hash of what was last written, so a resend changes nothing and a correction is a new version.
CREATE TABLE feed_source_record (
  organization_id text NOT NULL,
  source_key      text NOT NULL,
  resource_type   text NOT NULL,
  resource_id     text NOT NULL,
  content_hash    text NOT NULL,
  submission_id   text NOT NULL,
  updated_at      timestamptz NOT NULL,
  PRIMARY KEY (organization_id, source_key)
);
CREATE INDEX feed_source_record_resource_idx ON feed_source_record (resource_type, resource_id);

-- Records held back because their person is not certain. One pending item per institution and
-- person (a resend adds to it); a reviewer attaches it to a Patient or rejects it.
CREATE TABLE feed_review_item (
  id                 text PRIMARY KEY,
  organization_id    text NOT NULL,
  patient_source_key text NOT NULL,
  submission_ids     text[] NOT NULL,
  status             text NOT NULL CHECK (status IN ('pending', 'attached', 'rejected')),
  reason             text NOT NULL,
  demographics       jsonb NOT NULL,
  candidates         jsonb NOT NULL,
  entries            jsonb NOT NULL,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  resolved_by        text,
  resolution         jsonb
);
CREATE UNIQUE INDEX feed_review_item_pending_idx ON feed_review_item (organization_id, patient_source_key) WHERE status = 'pending';
CREATE INDEX feed_review_item_status_idx ON feed_review_item (status, created_at);
