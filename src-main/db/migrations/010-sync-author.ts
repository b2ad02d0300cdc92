/**
 * Sync, version 10: who made each queued change. The mutation carries it to Central, which holds
 * a staff token to its roles only for what that person made (src-server/sync/push-authority.ts),
 * and keeps it for provenance. JSON of the protocol's `author` ({userId, practitionerId?, display?}).
 */
export const syncAuthorSchema = `
ALTER TABLE outbox ADD COLUMN author TEXT CHECK (author IS NULL OR json_valid(author));
`;
