/**
 * Every change to a patient's compartment, numbered in commit order (writers to one SQLite file
 * take turns), written by triggers so no writer can leave it out: this connection, the sync child
 * and the headless `npm run ws` alike, through the repository or with plain SQL. A connection that
 * keeps a patient's record parsed (record-cache.ts) asks which of that patient's resources changed
 * after the number it read at, and re-reads those rows instead of all 2,000. A row is logged under
 * the patient it belongs to after the write and, when it left that patient (moved, tombstoned with
 * patient_id NULL, deleted, re-keyed), under the one it belonged to before. INSERT OR REPLACE
 * deletes the row it conflicts with through the delete trigger only with recursive triggers on,
 * which open.ts turns on for every connection. Resources of no patient (the directory) are not
 * logged: the chart reads them fresh. Rolled-back writes roll their log rows back with them.
 *
 * The log is pruned as it grows: each 4,096th change deletes those 8,192 or more changes old, so
 * the last 8,192 changes are always there. A reader further behind reads the whole record again.
 */
export const resourceChangesSchema = `
CREATE TABLE resource_change (
  seq        INTEGER PRIMARY KEY,
  patient_id TEXT NOT NULL,
  type       TEXT NOT NULL,
  id         TEXT NOT NULL
);

CREATE TRIGGER resource_change_on_insert AFTER INSERT ON resources WHEN NEW.patient_id IS NOT NULL
BEGIN
  INSERT INTO resource_change (patient_id, type, id) VALUES (NEW.patient_id, NEW.type, NEW.id);
END;

CREATE TRIGGER resource_change_on_update AFTER UPDATE ON resources WHEN NEW.patient_id IS NOT NULL
BEGIN
  INSERT INTO resource_change (patient_id, type, id) VALUES (NEW.patient_id, NEW.type, NEW.id);
END;

CREATE TRIGGER resource_change_on_leaving AFTER UPDATE ON resources
  WHEN OLD.patient_id IS NOT NULL AND (OLD.patient_id IS NOT NEW.patient_id OR OLD.type IS NOT NEW.type OR OLD.id IS NOT NEW.id)
BEGIN
  INSERT INTO resource_change (patient_id, type, id) VALUES (OLD.patient_id, OLD.type, OLD.id);
END;

CREATE TRIGGER resource_change_on_delete AFTER DELETE ON resources WHEN OLD.patient_id IS NOT NULL
BEGIN
  INSERT INTO resource_change (patient_id, type, id) VALUES (OLD.patient_id, OLD.type, OLD.id);
END;

CREATE TRIGGER resource_change_pruned AFTER INSERT ON resource_change WHEN NEW.seq % 4096 = 0
BEGIN
  DELETE FROM resource_change WHERE seq <= NEW.seq - 8192;
END;
`;
