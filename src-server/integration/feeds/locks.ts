import { checkPersonalNumber } from '../../../shared/domain/personal-number.js';
import type { Queryable } from '../../db/database.js';
import { demographicsOf } from '../matching/demographics.js';
import type { PatientSubject } from '../matching/resolve-patient.js';

/**
 * Two feeds about the same new person, arriving together, must not both create a Patient. Before
 * matching, a feed takes a transaction lock per personal number and per date of birth it names
 * (all at once, in one order, so two feeds cannot deadlock); the second feed then waits, and
 * matches against the Patient the first one created.
 */
export async function lockPeople(tx: Queryable, subjects: readonly PatientSubject[]): Promise<void> {
  const keys = new Set<string>();
  for (const subject of subjects) {
    if (subject.kind === 'personal-number') {
      keys.add(`pn:${subject.personalNumber}`);
      // Such a person may be created from the register; a feed matching the same person by demographics must wait.
      const check = checkPersonalNumber(subject.personalNumber);
      if (check.ok) keys.add(`born:${check.parsed.birthDate}`);
      continue;
    }
    const d = demographicsOf(subject.patient);
    if (d.personalNumber) keys.add(`pn:${d.personalNumber}`);
    if (d.birthDate) keys.add(`born:${d.birthDate}`);
    // Without a date of birth, candidates come from names alone.
    else if (d.families[0]) keys.add(`family:${d.families[0]}`);
  }
  if (keys.size === 0) return;
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('medkarta-person:' || k)) FROM unnest($1::text[]) AS k ORDER BY k`, [[...keys].sort()]);
}
