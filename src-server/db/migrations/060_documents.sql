-- Clinical document files (src-server/documents/): the bytes live in Central's storage folder under
-- storage_id, a name Central chose; this row is Central's own record of what it stored, so what a
-- download is served as (type, name, size, hash) never comes from an editable resource.
CREATE TABLE document_file (
  storage_id text PRIMARY KEY,
  document_reference_id text NOT NULL,
  patient_id text NOT NULL,
  content_type text NOT NULL,
  file_name text NOT NULL,
  size bigint NOT NULL,
  sha256 text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX document_file_reference ON document_file (document_reference_id);
