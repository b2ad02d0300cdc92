-- Who wrote each version, as Central authenticated the caller (never anything in the resource
-- body): the subject (user, institution client or workstation id) and its organisation. NULL is a
-- write of Central's own (seed, registers, scheduling upkeep) or one stored before this migration.
-- The reach rules read it: an order counts as a relation to its performer only when another
-- writer placed it, and an institution reads back the versions it wrote (auth/own-writes.ts).
ALTER TABLE resource_history ADD COLUMN written_by text;
ALTER TABLE resource_history ADD COLUMN written_by_org text;
