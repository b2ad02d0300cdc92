import type { Patient } from '@medplum/fhirtypes';
import type { CentralContext } from '../../context.js';
import type { Queryable } from '../../db/database.js';
import { writeResources } from '../../fhir/write.js';
import { applyPopulationChange } from './patient-changes.js';
import type { PopulationChange, PopulationRegister } from './register.js';

/** meta.source of Patient versions written from the register's feed. */
export const POPULATION_REGISTER_SOURCE = 'https://medkarta.by/fhir/source/population-register';
const CURSOR = 'population';

export interface PullReport {
  /** Changes read from the register. */
  received: number;
  /** New Patient versions written. */
  applied: number;
  /** Changes about people Central has no record of, or that the record already said. */
  skipped: number;
}

/**
 * Follows the population register's feed from where Central last stopped, a page at a time. Each
 * page is applied in one transaction together with the new position, so a change is applied
 * exactly once even if Central stops half way or two Centrals pull at once. Throws
 * RegisterUnavailableError when the register cannot be reached (nothing lost: the next pull
 * starts from the same place).
 */
export async function pullPopulationChanges(ctx: CentralContext, register: PopulationRegister, pageSize = 200): Promise<PullReport> {
  const report: PullReport = { received: 0, applied: 0, skipped: 0 };
  await ctx.db.query(`INSERT INTO register_cursor (register, position, updated_at) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING`, [CURSOR, ctx.now().toISOString()]);
  for (;;) {
    const start = await cursorPosition(ctx.db);
    const changes = await register.changesAfter(start, pageSize);
    if (changes.length === 0) return report;
    const applied = await ctx.db.transaction(async (tx) => {
      // Another Central moved the cursor while we were reading the register: read again from there.
      if ((await cursorPosition(tx, true)) !== start) return undefined;
      let written = 0;
      for (const change of changes) written += await applyChange(tx, change, ctx.now());
      await tx.query(`UPDATE register_cursor SET position = $2, updated_at = $3 WHERE register = $1`, [CURSOR, changes[changes.length - 1]!.seq, ctx.now().toISOString()]);
      return written;
    });
    if (applied === undefined) continue;
    report.received += changes.length;
    report.applied += applied;
    report.skipped += changes.length - applied;
  }
}

async function cursorPosition(q: Queryable, forUpdate = false): Promise<number> {
  const { rows } = await q.query<{ position: string | number }>(`SELECT position FROM register_cursor WHERE register = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [CURSOR]);
  return Number(rows[0]?.position ?? 0);
}

async function applyChange(tx: Queryable, change: PopulationChange, now: Date): Promise<number> {
  const { rows } = await tx.query<{ content: Patient }>(
    `SELECT r.content FROM patient_personal_number n JOIN resource r ON r.resource_type = 'Patient' AND r.id = n.patient_id
     WHERE n.personal_number = $1 AND NOT r.deleted FOR UPDATE OF r`,
    [change.personalNumber],
  );
  const patient = rows[0]?.content;
  if (!patient) return 0;
  const changed = applyPopulationChange(patient, change);
  if (!changed) return 0;
  const resource = { ...changed, id: patient.id!, meta: { ...changed.meta, source: POPULATION_REGISTER_SOURCE } };
  await writeResources(tx, [{ kind: 'update', resource }], now);
  return 1;
}
