/**
 * Every write to the replica, numbered in commit order (writers to one SQLite file take turns),
 * written by the repository (resource-change-log.ts) in the write's own transaction: this
 * connection, the sync child and the headless `npm run ws` all write through it. A connection that
 * keeps a patient's record parsed (record-cache.ts) asks what was written after the number it read
 * at, and re-reads those rows instead of all 2,000. A row names the resource and the patient whose
 * compartment holds it after the write ('' for none: a tombstone, a forgotten resource, the
 * directory); a kept record that held the resource finds it by its key, so a move away is seen
 * without knowing where it came from. A patient removed whole is one row with an empty type and id.
 * Rolled-back writes roll their log rows back with them.
 *
 * Not kept by triggers: any trigger on `resources` costs every insert of a first download about
 * 8 us of CPU (a third more per row), even one that never fires.
 *
 * The log is pruned as it grows (resource-change-log.ts): the last 8,192 changes are always there.
 */
export const resourceChangesSchema = `
CREATE TABLE resource_change (
  seq        INTEGER PRIMARY KEY,
  patient_id TEXT NOT NULL,
  type       TEXT NOT NULL,
  id         TEXT NOT NULL
);
`;
