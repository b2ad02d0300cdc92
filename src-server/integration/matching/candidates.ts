import type { Patient } from '@medplum/fhirtypes';
import type { Queryable } from '../../db/database.js';
import { dateRange } from '../../fhir/search/dates.js';
import { demographicsOf, type Demographics } from './demographics.js';

export interface Candidate {
  patientId: string;
  patient: Patient;
  demographics: Demographics;
}

/** More candidates than this means the demographics say too little; the best of them are scored. */
const MAX_CANDIDATES = 60;

/**
 * Patients who might be this person, straight from the search index: any two of the same date of
 * birth, surname (or former surname) and given name. So a mistyped date of birth or a new surname
 * still finds the person, and a common surname alone does not bring thousands. Everything else
 * is left to scoring.
 */
export async function findCandidates(tx: Queryable, d: Demographics): Promise<Candidate[]> {
  const birth = d.birthDate ? dateRange(d.birthDate) : undefined;
  const { rows } = await tx.query<{ id: string; content: Patient }>(
    `WITH born AS (SELECT id FROM search_date WHERE resource_type = 'Patient' AND param = 'birthdate' AND low = $1::timestamptz AND high = $2::timestamptz),
          family AS (SELECT id FROM search_string WHERE resource_type = 'Patient' AND param = 'family' AND value = ANY($3::text[])),
          given AS (SELECT id FROM search_string WHERE resource_type = 'Patient' AND param = 'given' AND value = $4)
     SELECT r.id, r.content FROM resource r
     WHERE r.resource_type = 'Patient' AND NOT r.deleted AND r.id IN (
       (SELECT id FROM born INTERSECT SELECT id FROM family) UNION (SELECT id FROM born INTERSECT SELECT id FROM given) UNION (SELECT id FROM family INTERSECT SELECT id FROM given))
     ORDER BY r.id LIMIT ${MAX_CANDIDATES}`,
    [birth?.low ?? null, birth?.high ?? null, d.families, d.given ?? null],
  );
  return rows.map((row) => ({ patientId: row.id, patient: row.content, demographics: demographicsOf(row.content) }));
}
