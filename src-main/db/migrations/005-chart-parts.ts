/**
 * The part of a large record's chart that follows from the record alone (chart/assemble.ts
 * ChartRecordPart), kept as JSON so a first opening parses one compact text instead of 2,000
 * resources (db/chart-parts.ts). Derived data, never the source of anything: `content` is emptied
 * in the transaction of any write to the patient's record or to the directory, and the row goes
 * when the patient leaves. `rows` is the number of the patient's rows the part was built from: a
 * resource that leaves the record (deleted, moved to another patient) makes it differ. `format`
 * names how the part was assembled: a build that assembles differently does not use it.
 */
export const chartPartsSchema = `
CREATE TABLE chart_part (
  patient_id TEXT PRIMARY KEY,
  format     INTEGER NOT NULL,
  rows       INTEGER NOT NULL,
  built_at   TEXT NOT NULL,
  content    TEXT CHECK (content IS NULL OR json_valid(content))
);
-- The parts writes emptied, which the upkeep builds again after every sync: found without a pass over the table.
CREATE INDEX chart_part_emptied_idx ON chart_part (patient_id) WHERE content IS NULL;
`;
