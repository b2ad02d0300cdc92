import type { CentralSnapshot, WorkstationSnapshot } from './snapshots.js';

export interface AuditFigures {
  /** Chart openings and searches the workstations did (reported to the parent, or on their disks). */
  expected: number;
  /** Central's AuditEvents naming one of the simulation's workstations as the device. */
  found: number;
  /** Accesses recorded at Central more than once (under different ids or not). */
  duplicates: number;
  missing: number;
  unexpected: number;
}

/**
 * Every chart opening and search done on a workstation, offline or not, across kills of either
 * side, ends as exactly one AuditEvent at Central. Expected: what each workstation process reported
 * doing (sent after its local commit, so a kill may swallow a report but never the record) together
 * with its local trail; found: Central's rows for those devices.
 */
export function checkAudit(central: CentralSnapshot, workstations: WorkstationSnapshot[], deviceIds: Map<string, string>, reported: Map<string, Set<string>>): { problems: string[]; figures: AuditFigures } {
  const problems: string[] = [];
  const expected = new Map<string, string>();
  for (const ws of workstations) {
    const local = new Set(ws.audit.map((a) => a.eventId));
    for (const id of reported.get(ws.name) ?? []) if (!local.has(id)) problems.push(`${ws.name}: AuditEvent ${id} was recorded but is not in its local trail`);
    for (const id of new Set([...local, ...(reported.get(ws.name) ?? [])])) expected.set(id, deviceIds.get(ws.name)!);
  }
  const devices = new Set(deviceIds.values());
  const found = central.deviceAudit.filter((row) => devices.has(row.deviceId));
  const foundIds = new Set(found.map((row) => row.id));
  let missing = 0;
  for (const [id, deviceId] of expected) {
    if (foundIds.has(id)) continue;
    missing++;
    if (missing <= 5) problems.push(`audit: AuditEvent ${id} of device ${deviceId} is missing at Central`);
  }
  const unexpected = found.filter((row) => !expected.has(row.id));
  for (const row of unexpected.slice(0, 5)) problems.push(`audit: Central holds AuditEvent ${row.id} of device ${row.deviceId}, which no workstation recorded`);
  for (const row of found) if (expected.has(row.id) && expected.get(row.id) !== row.deviceId) problems.push(`audit: AuditEvent ${row.id} is filed under device ${row.deviceId}, it was recorded on ${expected.get(row.id)}`);
  const copies = new Map<string, number>();
  for (const row of found) copies.set(row.fingerprint, (copies.get(row.fingerprint) ?? 0) + 1);
  const duplicates = [...copies.values()].reduce((n, count) => n + count - 1, 0) + (found.length - foundIds.size);
  if (duplicates > 0) problems.push(`audit: ${duplicates} accesses are recorded more than once at Central`);
  if (missing > 5) problems.push(`audit: ... ${missing} missing in all`);
  return { problems, figures: { expected: expected.size, found: found.length, duplicates, missing, unexpected: unexpected.length } };
}
