import { randomUUID } from 'node:crypto';
import type { Patient } from '@medplum/fhirtypes';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import type { Queryable } from '../../db/database.js';
import { writeResources } from '../../fhir/write.js';
import { POPULATION_REGISTER_SOURCE } from '../../registers/population/changes.js';
import type { RegisterRecord } from '../../registers/population/register.js';
import { findCandidates } from './candidates.js';
import { demographicsOf, isMatchable } from './demographics.js';
import { decide, REVIEW_FROM, scoreMatch } from './score.js';

/**
 * Whose record is it? A feed names its person either with a Patient entry (its demographics, maybe
 * a personal number) or only by personal number (a logical reference). The answer is a Patient
 * that exists, a Patient created now because the person is certainly new, or "not certain": the
 * records wait for review. Never a second Patient for a person Central has.
 */
export type PatientSubject =
  | { kind: 'entry'; key: string; patient: Patient }
  | { kind: 'personal-number'; key: string; personalNumber: string };

export interface ReviewCandidate {
  patientId: string;
  score: number;
  reasons: string[];
}

export type Resolution =
  | { kind: 'known'; patientId: string; how: 'earlier-feed' | 'personal-number' | 'demographics'; score?: number }
  | { kind: 'created'; patientId: string }
  | { kind: 'review'; reason: string; candidates: ReviewCandidate[] };

export interface ResolveContext {
  /** Patients the institution's keys already lead to (from earlier feeds and attached reviews). */
  knownKeys: ReadonlyMap<string, string>;
  /** The population register's answers for personal numbers Central does not know (null: unknown there too). */
  registerPeople: ReadonlyMap<string, RegisterRecord | null>;
  now: Date;
  /** meta.source of a Patient created from a feed entry. */
  source: string;
}

export async function resolvePatient(tx: Queryable, subject: PatientSubject, context: ResolveContext): Promise<Resolution> {
  const earlier = context.knownKeys.get(subject.key);
  if (earlier) return { kind: 'known', patientId: earlier, how: 'earlier-feed' };
  const personalNumber = subject.kind === 'entry' ? demographicsOf(subject.patient).personalNumber : subject.personalNumber;
  const holder = personalNumber ? await patientWithNumber(tx, personalNumber) : undefined;

  if (subject.kind === 'personal-number') {
    if (holder) return { kind: 'known', patientId: holder.id!, how: 'personal-number' };
    const person = context.registerPeople.get(subject.personalNumber);
    if (!person) return { kind: 'review', reason: 'Neither Central nor the population register knows this personal number', candidates: [] };
    return createUnlessKnown(tx, patientFromRegister(person), POPULATION_REGISTER_SOURCE, context.now);
  }

  const incoming = demographicsOf(subject.patient);
  if (holder) {
    // The number is the person, unless the demographics say plainly it was mistyped.
    const check = scoreMatch(incoming, demographicsOf(holder));
    if (incoming.birthDate && incoming.families.length > 0 && check.score < 0.5) {
      return { kind: 'review', reason: 'The personal number belongs to a Patient whose name and date of birth differ', candidates: [{ patientId: holder.id!, ...check }] };
    }
    return { kind: 'known', patientId: holder.id!, how: 'personal-number' };
  }
  if (!isMatchable(incoming)) {
    // Only a number to go by: the population register says who it is.
    const person = personalNumber ? context.registerPeople.get(personalNumber) : undefined;
    if (person) return createUnlessKnown(tx, { ...patientFromRegister(person), identifier: subject.patient.identifier }, POPULATION_REGISTER_SOURCE, context.now);
    return { kind: 'review', reason: personalNumber ? 'Neither Central nor the population register knows this personal number' : 'The record names its person without a personal number, date of birth or name', candidates: [] };
  }

  if (personalNumber) return createUnlessKnown(tx, subject.patient, context.source, context.now);
  const scored = (await findCandidates(tx, incoming)).map((c) => ({ ...scoreMatch(incoming, c.demographics), candidate: c.patientId }));
  const plausible = ranked(scored);
  const decision = decide(scored);
  if (decision.kind === 'attach') return { kind: 'known', patientId: decision.candidate, how: 'demographics', score: decision.score };
  if (decision.kind === 'review') return { kind: 'review', reason: decision.reason, candidates: plausible };
  return { kind: 'created', patientId: await create(tx, subject.patient, context.source, context.now) };
}

async function patientWithNumber(tx: Queryable, personalNumber: string): Promise<Patient | undefined> {
  const { rows } = await tx.query<{ content: Patient }>(
    `SELECT r.content FROM patient_personal_number n JOIN resource r ON r.resource_type = 'Patient' AND r.id = n.patient_id AND NOT r.deleted WHERE n.personal_number = $1`,
    [personalNumber],
  );
  return rows[0]?.content;
}

/**
 * A person with a personal number Central has not seen: new, unless a Patient registered without a
 * number looks like them; then a person confirms it is the same one (a different personal number
 * is a different person, so Patients that have one are not candidates).
 */
async function createUnlessKnown(tx: Queryable, patient: Patient, source: string, now: Date): Promise<Resolution> {
  const incoming = demographicsOf(patient);
  const numberless = (await findCandidates(tx, incoming)).filter((c) => !c.demographics.personalNumber);
  const plausible = ranked(numberless.map((c) => ({ ...scoreMatch(incoming, c.demographics), candidate: c.patientId })));
  if (plausible.length > 0) return { kind: 'review', reason: 'A Patient without a personal number matches these demographics: confirm it is the same person', candidates: plausible };
  return { kind: 'created', patientId: await create(tx, patient, source, now) };
}

function ranked(scored: readonly { score: number; reasons: string[]; candidate: string }[]): ReviewCandidate[] {
  return scored.filter((s) => s.score >= REVIEW_FROM).sort((a, b) => b.score - a.score).map((s) => ({ patientId: s.candidate, score: s.score, reasons: s.reasons }));
}

/**
 * Writes the new Patient at once, so the next person of the same feed is matched against it too.
 * The Patient is everyone's, so the sending institution's own links (its managing organisation,
 * its doctors) stay with its records, not on the person.
 */
async function create(tx: Queryable, patient: Patient, source: string, now: Date): Promise<string> {
  const id = randomUUID();
  const { meta: _meta, managingOrganization: _organization, generalPractitioner: _doctors, link: _link, contact: _contact, ...content } = patient;
  await writeResources(tx, [{ kind: 'create', resource: { ...content, id, meta: { source } } }], now);
  return id;
}

export function patientFromRegister(person: RegisterRecord): Patient {
  return {
    resourceType: 'Patient',
    identifier: [{ system: SYSTEMS.personalNumber, value: person.personalNumber }],
    name: [{ use: 'official', family: person.family, given: [person.given, ...(person.patronymic ? [person.patronymic] : [])] }],
    gender: person.sex,
    birthDate: person.birthDate,
    ...(person.address ? { address: [{ use: 'home' as const, text: person.address }] } : {}),
    ...(person.deceasedDate ? { deceasedDateTime: person.deceasedDate } : {}),
  };
}
