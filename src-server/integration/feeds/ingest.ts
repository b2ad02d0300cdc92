import { randomUUID } from 'node:crypto';
import type { Identifier, Patient, Resource } from '@medplum/fhirtypes';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import type { Principal, RequestOrigin } from '../../auth/principal.js';
import { recordAudit } from '../../audit/audit.js';
import type { Queryable } from '../../db/database.js';
import { writeResources, type WriteOperation, type Writer, type WriteResult } from '../../fhir/write.js';
import type { RegisterRecord } from '../../registers/population/register.js';
import { resolvePatient, type Resolution } from '../matching/resolve-patient.js';
import { holdForReview } from '../review/review-store.js';
import { existingReferences, loadKnownRecords, saveSourceRecords, type SourceRecordWrite } from './known-records.js';
import type { FeedEntry } from './parse-feed.js';
import { collectLookups, planFeed, type FeedPlan } from './plan.js';
import { feedProvenance, type FeedOrigin } from './provenance.js';
import { lockPeople } from './locks.js';
import { contentHash, identifierKey, isEnteredInError } from './source.js';

export interface IngestSummary {
  entries: number;
  created: number;
  updated: number;
  withdrawn: number;
  unchanged: number;
  held: number;
  patients: { known: number; created: number; review: number };
  reviewItems: string[];
  /** The Patients this submission wrote records for. */
  patientIds: string[];
}

export interface IngestInput {
  entries: FeedEntry[];
  origin: FeedOrigin;
  /** For the audit trail: the institution client, and where the request came from. */
  principal: Principal;
  requestOrigin: RequestOrigin;
  registerPeople: ReadonlyMap<string, RegisterRecord | null>;
  now: Date;
}

/**
 * Writes one feed submission inside the caller's transaction: resolves every person, holds what is
 * not certain for review, writes what changed (a resend writes nothing, a correction a new
 * version, entered-in-error a last version and a deletion), with meta.source and a Provenance per
 * person, and remembers what each of the institution's keys became. All or nothing with the caller's
 * transaction.
 */
export async function ingestFeed(tx: Queryable, input: IngestInput): Promise<IngestSummary> {
  const { entries, origin, now } = input;
  const lookups = collectLookups(entries);
  const known = await loadKnownRecords(tx, origin.organizationId, lookups.keys);
  const knownRefs = new Map([...known].map(([key, record]) => [key, record.reference]));
  const plan = planFeed(entries, lookups, knownRefs, await existingReferences(tx, lookups.relatives));

  await lockPeople(tx, [...plan.subjects.values()]);
  const resolutions = new Map<string, Resolution>();
  const patientKeys = new Map([...known].filter(([, r]) => r.reference.startsWith('Patient/')).map(([key, r]) => [key, r.reference.slice(8)]));
  for (const subject of plan.subjects.values()) {
    resolutions.set(subject.key, await resolvePatient(tx, subject, { knownKeys: patientKeys, registerPeople: input.registerPeople, now, source: origin.source }));
  }
  const patientOf = (index: number): string | undefined => {
    const owner = plan.owners.get(index);
    if (owner?.kind === 'patient') return owner.patientId;
    const resolution = owner?.kind === 'subject' ? resolutions.get(owner.key) : undefined;
    return resolution && resolution.kind !== 'review' ? resolution.patientId : undefined;
  };
  const heldBy = heldEntries(entries, plan, resolutions);

  // Central ids: a Patient entry is the person it resolved to; any other record keeps the id its key had, or gets a new one.
  const ids = new Map<number, string>();
  for (const entry of entries) {
    if (heldBy.has(entry.index)) continue;
    const id = entry.resource.resourceType === 'Patient' ? patientOf(entry.index) : known.get(entry.sourceKey)?.reference.split('/')[1];
    ids.set(entry.index, id ?? randomUUID());
  }
  rewriteReferences(entries, plan, ids, resolutions);

  const summary: IngestSummary = { entries: entries.length, created: 0, updated: 0, withdrawn: 0, unchanged: 0, held: heldBy.size, patients: { known: 0, created: 0, review: 0 }, reviewItems: [], patientIds: [] };
  for (const resolution of resolutions.values()) summary.patients[resolution.kind === 'review' ? 'review' : resolution.kind === 'created' ? 'created' : 'known']++;

  const writes: { entry: FeedEntry; op: WriteOperation & { kind: 'update' }; hash: string }[] = [];
  const records: SourceRecordWrite[] = [];
  for (const entry of entries) {
    const id = ids.get(entry.index);
    if (id === undefined) continue;
    const resource = { ...entry.resource, id } as Resource & { id: string };
    const hash = contentHash(resource);
    if (resource.resourceType === 'Patient') {
      records.push(...keysOf(entry).map((key) => ({ key, resourceType: 'Patient', resourceId: id, hash })));
      continue;
    }
    if (known.get(entry.sourceKey)?.hash === hash) {
      summary.unchanged++;
      continue;
    }
    writes.push({ entry, hash, op: { kind: 'update', resource: { ...resource, meta: { ...resource.meta, source: origin.source } } } });
    records.push(...keysOf(entry).map((key) => ({ key, resourceType: resource.resourceType, resourceId: id, hash })));
  }
  await linkInstitutionIdentifiers(tx, entries, resolutions, now);
  const writer = feedWriter(origin);
  const results = await writeResources(tx, writes.map((w) => w.op), now, { writer });
  const withdrawn = writes.filter((w) => isEnteredInError(w.op.resource));
  if (withdrawn.length > 0) await writeResources(tx, withdrawn.map((w) => ({ kind: 'delete', resourceType: w.op.resource.resourceType, id: w.op.resource.id })), now, { writer });
  const withdrawnRefs = new Set(withdrawn.map((w) => `${w.op.resource.resourceType}/${w.op.resource.id}`));
  for (const result of results) {
    if (withdrawnRefs.has(`${result.resourceType}/${result.id}`)) summary.withdrawn++;
    else if (result.status === 201) summary.created++;
    else summary.updated++;
  }
  await writeProvenance(tx, origin, results, now);
  await saveSourceRecords(tx, origin.organizationId, origin.submissionId, records, now);

  for (const [key, indexes] of groupHeld(heldBy)) {
    const resolution = resolutions.get(key) as Resolution & { kind: 'review' };
    const subject = plan.subjects.get(key)!;
    summary.reviewItems.push(
      await holdForReview(tx, {
        organizationId: origin.organizationId, subjectKey: key, submissionId: origin.submissionId, reason: resolution.reason, candidates: resolution.candidates,
        demographics: subject.kind === 'entry' ? subject.patient : { personalNumber: subject.personalNumber },
        entries: entries.filter((entry) => indexes.includes(entry.index)),
      }, now),
    );
  }
  summary.patientIds = [...new Set(results.map((r) => r.patientId).filter((id): id is string => Boolean(id)))];
  await recordAudit(tx, { principal: input.principal, origin: input.requestOrigin, interaction: 'transaction', resourceType: 'Bundle', patientIds: summary.patientIds, outcome: 'success' }, now);
  return summary;
}

/**
 * Every key the institution may use for a record later: its source key, and each of its other
 * identifiers (a conditional reference Type?identifier=... may name any of them).
 */
function keysOf(entry: FeedEntry): string[] {
  const identifiers = (entry.resource as { identifier?: Identifier[] | Identifier }).identifier;
  const keys = (Array.isArray(identifiers) ? identifiers : identifiers ? [identifiers] : []).map((i) => identifierKey(entry.resource.resourceType, i));
  return [...new Set([entry.sourceKey, ...keys.filter((key): key is string => Boolean(key))])];
}

/** Entries whose person is uncertain, and whatever refers to them: subject key by entry index. */
function heldEntries(entries: readonly FeedEntry[], plan: FeedPlan, resolutions: ReadonlyMap<string, Resolution>): Map<number, string> {
  const held = new Map<number, string>();
  for (const entry of entries) {
    const owner = plan.owners.get(entry.index);
    if (owner?.kind === 'subject' && resolutions.get(owner.key)?.kind === 'review') held.set(entry.index, owner.key);
  }
  for (let changed = held.size > 0; changed; ) {
    changed = false;
    for (const entry of entries) {
      if (held.has(entry.index)) continue;
      const heldTarget = (plan.references.get(entry.index) ?? []).map(({ reference }) => plan.targets.get(reference)).find((t) => t?.kind === 'entry' && held.has(t.index));
      if (heldTarget?.kind !== 'entry') continue;
      held.set(entry.index, held.get(heldTarget.index)!);
      changed = true;
    }
  }
  return held;
}

function groupHeld(held: ReadonlyMap<number, string>): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const [index, key] of held) groups.set(key, [...(groups.get(key) ?? []), index]);
  return groups;
}

/** Points every reference at Central ids. In held entries, references into the held group stay as sent. */
function rewriteReferences(entries: readonly FeedEntry[], plan: FeedPlan, ids: ReadonlyMap<number, string>, resolutions: ReadonlyMap<string, Resolution>): void {
  const typeOf = new Map(entries.map((entry) => [entry.index, entry.resource.resourceType]));
  for (const [reference, target] of plan.targets) {
    if (target.kind === 'entry' && ids.has(target.index)) reference.reference = `${typeOf.get(target.index)}/${ids.get(target.index)}`;
    else if (target.kind === 'central') reference.reference = target.reference;
    else if (target.kind === 'personal-number') {
      const resolution = resolutions.get(`Patient|${SYSTEMS.personalNumber}|${target.value}`);
      if (resolution && resolution.kind !== 'review') reference.reference = `Patient/${resolution.patientId}`;
    }
  }
}

/** The first time an institution's record of a person is attached, the Patient learns the institution's identifier for them. */
async function linkInstitutionIdentifiers(tx: Queryable, entries: readonly FeedEntry[], resolutions: ReadonlyMap<string, Resolution>, now: Date): Promise<void> {
  for (const entry of entries) {
    const resolution = resolutions.get(entry.sourceKey);
    if (entry.resource.resourceType !== 'Patient' || resolution?.kind !== 'known' || resolution.how === 'earlier-feed') continue;
    const [, system, value] = entry.sourceKey.split('|');
    // Only the institution's own identifiers: not its local id, not the personal number (the Patient has it).
    if (system === 'id' || system === SYSTEMS.personalNumber) continue;
    const { rows } = await tx.query<{ content: Patient }>(`SELECT content FROM resource WHERE resource_type = 'Patient' AND id = $1 AND NOT deleted FOR UPDATE`, [resolution.patientId]);
    const patient = rows[0]?.content;
    if (!patient || patient.identifier?.some((i) => i.system === system && i.value === value)) continue;
    const identifier = (entry.resource as Patient).identifier!.find((i) => i.system === system && i.value === value)!;
    await writeResources(tx, [{ kind: 'update', resource: { ...patient, id: patient.id!, identifier: [...(patient.identifier ?? []), identifier] } }], now);
  }
}

/** What a feed writes is the sending institution's, whoever released it from review. */
function feedWriter(origin: FeedOrigin): Writer {
  return { subject: origin.clientId, organizationId: origin.organizationId };
}

async function writeProvenance(tx: Queryable, origin: FeedOrigin, results: readonly WriteResult[], now: Date): Promise<void> {
  const byPerson = new Map<string, WriteResult[]>();
  for (const result of results) byPerson.set(result.patientId ?? '', [...(byPerson.get(result.patientId ?? '') ?? []), result]);
  const provenances = [...byPerson.values()].map((written) =>
    feedProvenance(origin, written.map((r) => `${r.resourceType}/${r.id}/_history/${r.versionId}`), written.every((r) => r.status === 201) ? 'CREATE' : 'UPDATE'),
  );
  if (provenances.length > 0) await writeResources(tx, provenances.map((resource) => ({ kind: 'create' as const, resource })), now, { writer: feedWriter(origin) });
}
