-- The audit trail's row triggers (003_audit.sql) do not fire for TRUNCATE, which would empty the
-- table in one statement: refuse that too.
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only();
