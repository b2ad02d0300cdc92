import type { OperationOutcomeIssue, Patient, Reference } from '@medplum/fhirtypes';
import { OperationOutcomeError } from '../../../shared/fhir/outcomes.js';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import type { PatientSubject } from '../matching/resolve-patient.js';
import type { FeedEntry } from './parse-feed.js';
import { bundleNames, lookupKeyOf, ownIdKeyOf, referencesIn, targetOf, type FoundReference, type Target } from './references.js';

/**
 * The shape of a feed before anything is written: what every reference points at, which people
 * the feed is about, and whose record each entry is. Built in two steps around one database
 * read: `collectLookups` says which institution keys and Central ids to look up, `planFeed` uses
 * the answers. A reference that points at nothing rejects the feed (400, naming the entry and path).
 */
export interface Lookups {
  /** Institution keys to look up among earlier feeds' records. */
  keys: string[];
  /** Type/id references that may be Central ids. */
  relatives: string[];
  references: Map<number, FoundReference[]>;
}

/** Whose record an entry is: a person of the feed (by subject key), a Patient Central names by id, or nobody's. */
export type Owner = { kind: 'subject'; key: string } | { kind: 'patient'; patientId: string } | { kind: 'none' };

export interface FeedPlan {
  targets: Map<Reference, Target>;
  /** Each entry's references (the same objects as the keys of `targets`). */
  references: Map<number, FoundReference[]>;
  subjects: Map<string, PatientSubject>;
  owners: Map<number, Owner>;
}

const PATIENT_FIELDS = ['subject', 'patient', 'beneficiary'];

export function collectLookups(entries: readonly FeedEntry[]): Lookups {
  const keys = new Set(entries.map((entry) => entry.sourceKey));
  const relatives = new Set<string>();
  const references = new Map<number, FoundReference[]>();
  for (const entry of entries) {
    const found = referencesIn(entry.resource);
    references.set(entry.index, found);
    for (const { reference } of found) {
      const key = lookupKeyOf(reference);
      if (key) keys.add(key);
      const own = ownIdKeyOf(reference.reference);
      if (own) {
        keys.add(own);
        relatives.add(reference.reference!);
      }
    }
  }
  return { keys: [...keys], relatives: [...relatives], references };
}

export function planFeed(entries: readonly FeedEntry[], lookups: Lookups, known: ReadonlyMap<string, string>, existing: ReadonlySet<string>): FeedPlan {
  const names = bundleNames(entries);
  const byIndex = new Map(entries.map((entry) => [entry.index, entry]));
  const issues: OperationOutcomeIssue[] = [];
  const targets = new Map<Reference, Target>();
  const subjects = new Map<string, PatientSubject>();
  const owners = new Map<number, Owner>();

  for (const entry of entries) {
    if (entry.resource.resourceType === 'Patient') {
      subjects.set(entry.sourceKey, { kind: 'entry', key: entry.sourceKey, patient: entry.resource as Patient });
      owners.set(entry.index, { kind: 'subject', key: entry.sourceKey });
    }
  }
  for (const entry of entries) {
    let owner: Owner = owners.get(entry.index) ?? { kind: 'none' };
    for (const found of lookups.references.get(entry.index) ?? []) {
      const target = targetOf(found.reference, names, known, existing);
      if (typeof target === 'string') {
        issues.push({ severity: 'error', code: 'not-found', details: { text: target }, expression: [`Bundle.entry[${entry.index}].${found.path}`] });
        continue;
      }
      targets.set(found.reference, target);
      const field = found.path.split(/[.[]/)[1];
      if (owner.kind !== 'none' || !field || !PATIENT_FIELDS.includes(field)) continue;
      if (target.kind === 'entry' && byIndex.get(target.index)?.resource.resourceType === 'Patient') owner = { kind: 'subject', key: byIndex.get(target.index)!.sourceKey };
      else if (target.kind === 'personal-number') {
        const key = `Patient|${SYSTEMS.personalNumber}|${target.value}`;
        if (!subjects.has(key)) subjects.set(key, { kind: 'personal-number', key, personalNumber: target.value });
        owner = { kind: 'subject', key };
      } else if (target.kind === 'central' && target.reference.startsWith('Patient/')) owner = { kind: 'patient', patientId: target.reference.slice('Patient/'.length) };
    }
    owners.set(entry.index, owner);
  }
  if (issues.length > 0) throw new OperationOutcomeError(400, { resourceType: 'OperationOutcome', issue: issues.slice(0, 50) });
  return { targets, references: lookups.references, subjects, owners };
}
