-- Search lookups answered from the indexes alone (fhir/search/): each lookup index carries the
-- owner's id, so counting matches and joining criteria is an index-only scan that never visits the
-- table; and date searches by end (ge, gt, eb) get an index of their own.
DROP INDEX search_token_lookup_idx;
CREATE INDEX search_token_lookup_idx ON search_token (resource_type, param, code, system) INCLUDE (id);
DROP INDEX search_string_prefix_idx;
CREATE INDEX search_string_prefix_idx ON search_string (resource_type, param, value text_pattern_ops) INCLUDE (id);
DROP INDEX search_date_lookup_idx;
CREATE INDEX search_date_lookup_idx ON search_date (resource_type, param, low, high) INCLUDE (id);
CREATE INDEX search_date_high_idx ON search_date (resource_type, param, high) INCLUDE (id);
DROP INDEX search_reference_lookup_idx;
CREATE INDEX search_reference_lookup_idx ON search_reference (resource_type, param, target_id, target_type) INCLUDE (id);
