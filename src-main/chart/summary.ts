import type { AllergyIntolerance, Condition, MedicationRequest, MedicationStatement } from '@medplum/fhirtypes';
import type { Allergy, Medication, Problem } from '../../shared/api/chart-method.js';
import { coded, conceptKey, conceptText, dateOnly, hasCoding, newestFirst } from './fhir-read.js';
import { dosageText, medicationName } from './medication.js';
import type { RecordIndex } from './record-index.js';
import type { Sources } from './source.js';

const ACTIVE_PROBLEM = new Set(['active', 'recurrence', 'relapse']);
const PROBLEM_STATUSES = new Set<Problem['status']>(['active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved']);
const SNOMED = 'http://snomed.info/sct';
/** "No known allergy", "no known drug allergy" and friends: a finding, not an allergy. */
const NO_KNOWN_ALLERGY = ['716186003', '409137002', '428607008', '429625007', '428197003'];

export const isRetracted = (resource: Condition | AllergyIntolerance) =>
  resource.verificationStatus?.coding?.some((c) => c.code === 'entered-in-error' || c.code === 'refuted') ?? false;

export function problemStatus(condition: Condition): Problem['status'] {
  const code = condition.clinicalStatus?.coding?.[0]?.code as Problem['status'] | undefined;
  return code && PROBLEM_STATUSES.has(code) ? code : 'unknown';
}

/** When a condition was recorded, as a sortable date. */
export const conditionDate = (c: Condition) => dateOnly(c.recordedDate) ?? dateOnly(c.onsetDateTime ?? c.onsetPeriod?.start);

/** Active problems, each diagnosis once (the most recent record of it), newest first. */
export function buildProblems(index: RecordIndex, sources: Sources): Problem[] {
  const latest = new Map<string, Condition>();
  for (const condition of index.all('Condition')) {
    if (!condition.id || isRetracted(condition) || !ACTIVE_PROBLEM.has(problemStatus(condition))) continue;
    const key = conceptKey(condition.code);
    const known = latest.get(key);
    if (!known || newestFirst(conditionDate(condition), conditionDate(known)) < 0) latest.set(key, condition);
  }
  return [...latest.values()]
    .map((condition) => ({
      id: condition.id!,
      diagnosis: coded(condition.code, '—'),
      status: problemStatus(condition),
      onset: dateOnly(condition.onsetDateTime ?? condition.onsetPeriod?.start),
      recordedAt: dateOnly(condition.recordedDate),
      source: sources.of(condition),
    }))
    .sort((a, b) => newestFirst(a.recordedAt ?? a.onset, b.recordedAt ?? b.onset));
}

export function buildAllergies(index: RecordIndex): { allergies: Allergy[]; noKnownAllergies: boolean } {
  const allergies: Allergy[] = [];
  let noKnownAllergies = false;
  for (const allergy of index.all('AllergyIntolerance')) {
    if (!allergy.id || isRetracted(allergy)) continue;
    const status = allergyStatus(allergy);
    if (hasCoding(allergy.code, SNOMED, NO_KNOWN_ALLERGY)) {
      noKnownAllergies ||= status === 'active';
      continue;
    }
    allergies.push({
      id: allergy.id,
      substance: conceptText(allergy.code) || conceptText(allergy.reaction?.[0]?.substance, '—'),
      criticality: allergy.criticality ?? null,
      reactions: (allergy.reaction ?? []).flatMap((r) => (r.manifestation ?? []).map((m) => conceptText(m))).filter(Boolean),
      status,
      versionId: allergy.meta?.versionId && /^\d+$/.test(allergy.meta.versionId) ? Number(allergy.meta.versionId) : null,
    });
  }
  // High criticality first: the banner shows the dangerous ones before the rest.
  const rank = (a: Allergy) => (a.criticality === 'high' ? 0 : 1);
  allergies.sort((a, b) => rank(a) - rank(b) || a.substance.localeCompare(b.substance));
  return { allergies, noKnownAllergies: noKnownAllergies && allergies.every((a) => a.status !== 'active') };
}

function allergyStatus(allergy: AllergyIntolerance): Allergy['status'] {
  const code = allergy.clinicalStatus?.coding?.[0]?.code;
  return code === 'active' || code === 'inactive' || code === 'resolved' ? code : 'unknown';
}

/** What the person takes now: active prescriptions and statements, newest first. */
export function buildMedications(index: RecordIndex, sources: Sources): Medication[] {
  const current: (MedicationRequest | MedicationStatement)[] = [
    ...index.all('MedicationRequest').filter((r) => r.status === 'active' && r.intent !== 'proposal'),
    ...index.all('MedicationStatement').filter((s) => s.status === 'active'),
  ];
  return current
    .filter((m) => m.id)
    .map((m) => ({
      id: m.id!,
      medication: medicationName(m, index),
      dosage: dosageText(m.resourceType === 'MedicationRequest' ? m.dosageInstruction : m.dosage),
      authoredOn: dateOnly(m.resourceType === 'MedicationRequest' ? m.authoredOn : (m.dateAsserted ?? m.effectiveDateTime ?? m.effectivePeriod?.start)),
      status: m.status ?? 'unknown',
      source: sources.of(m),
    }))
    .sort((a, b) => newestFirst(a.authoredOn, b.authoredOn));
}
