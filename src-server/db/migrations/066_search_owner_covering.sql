-- Each index table's owner index also answers "does this resource have a row of this parameter
-- with this value": keyed (resource_type, id, param) and carrying the values, so a search tests
-- its narrower criteria per candidate with an index-only probe (fhir/search/search.ts idsOf)
-- instead of hashing a broad range of the whole population, and _sort reads its keys without
-- visiting the table. Same number of indexes as before, so writes pay no more.
DROP INDEX search_token_owner_idx;
CREATE INDEX search_token_owner_idx ON search_token (resource_type, id, param) INCLUDE (system, code);
DROP INDEX search_string_owner_idx;
CREATE INDEX search_string_owner_idx ON search_string (resource_type, id, param) INCLUDE (value, raw);
DROP INDEX search_date_owner_idx;
CREATE INDEX search_date_owner_idx ON search_date (resource_type, id, param) INCLUDE (low, high);
DROP INDEX search_reference_owner_idx;
CREATE INDEX search_reference_owner_idx ON search_reference (resource_type, id, param) INCLUDE (target_type, target_id);
