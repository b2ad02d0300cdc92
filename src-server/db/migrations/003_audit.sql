-- The audit trail: append-only. Rows are AuditEvent resources (IHE BALP shape) with the columns
-- the privacy officer and the patient search by. No API updates or deletes them, and the triggers
-- below refuse it even to code that tries.
CREATE TABLE audit_event (
  seq           bigserial PRIMARY KEY,
  id            text NOT NULL UNIQUE,
  recorded      timestamptz NOT NULL,
  agent_subject text NOT NULL,
  agent_org     text,
  device_id     text,
  patient_id    text,
  action        text NOT NULL,
  outcome       text NOT NULL,
  break_glass   boolean NOT NULL DEFAULT false,
  content       jsonb NOT NULL
);
CREATE INDEX audit_event_patient_idx ON audit_event (patient_id, recorded);
CREATE INDEX audit_event_agent_idx ON audit_event (agent_subject, recorded);
CREATE INDEX audit_event_recorded_idx ON audit_event (recorded);

CREATE FUNCTION audit_event_is_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit records cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();
