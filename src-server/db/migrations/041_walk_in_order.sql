-- Two walk-ins can arrive within the same millisecond: the queue keeps the order they were added in.
ALTER TABLE walk_in ADD COLUMN seq bigserial;
CREATE INDEX walk_in_org_date_seq_idx ON walk_in (organization_id, queue_date, seq);
