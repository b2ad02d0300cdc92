import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { CLINICAL_TYPES, type Action } from '../../shared/domain/access.js';
import { OperationOutcomeError } from '../../shared/fhir/outcomes.js';
import type { Database, Queryable } from '../db/database.js';
import { patientCompartmentOf } from '../../shared/fhir/compartment.js';
import { ACTION_OF, atEntry, parseBundle, parseEntry, type ParsedEntry } from './bundle-entries.js';
import { readResource, readVersion } from './read.js';
import { rewriteReferences } from './references.js';
import { findConditionalMatch, parseConditionQuery, resultOf } from './repository.js';
import { FHIR_ID_PATTERN } from './resource-types.js';
import { entryResponse, statusLine } from './responses.js';
import { searchResources } from './search/search.js';
import { validateInPool } from './validation-pool.js';
import { writeResources, type WriteOperation, type Writer, type WriteResult } from './write.js';

export interface BundleContext {
  now: Date;
  baseUrl: string;
  /** Throws a 403 OperationOutcome when the caller may not do `action` on the type. */
  authorize(action: Action, resourceType: string): void;
  restrictToPatients?: readonly string[] | undefined;
  /** Prefer: return=minimal leaves resources out of the response entries. */
  returnMinimal: boolean;
  /** Who the bundle's writes are recorded as coming from. */
  writer?: Writer | undefined;
  /** Whether a version read by a GET entry is one the caller may read back as its own write (auth/own-writes.ts). */
  isOwnWrite?: ((tx: Queryable, version: { resourceType: string; id: string; versionId: number }) => Promise<boolean>) | undefined;
  /**
   * Writes the audit trail of the patients one transaction touched, inside it; `clinicalPatientIds`
   * are those whose clinical data the answer holds (the caller's scope check may refuse them).
   */
  audit(tx: Queryable, kind: 'transaction' | 'batch', patientIds: readonly string[], clinicalPatientIds: readonly string[]): Promise<void>;
  /** Called inside the transaction before its writes: the caller's scope check may refuse them (a thrown 403). */
  checkWrites(tx: Queryable, kind: 'transaction' | 'batch', writes: readonly WriteOperation[]): Promise<void>;
  /** Records a failed transaction or batch entry for the patients its entries named, after rollback. */
  auditFailure(kind: 'transaction' | 'batch', patientIds: readonly string[]): Promise<void>;
}

/** Processes a batch or transaction Bundle and answers with its response Bundle. */
export async function processBundle(db: Database, body: unknown, ctx: BundleContext): Promise<Bundle> {
  const { type, entries } = parseBundle(body);
  await validateInPool(entries.map((entry) => (entry && typeof entry === 'object' ? entry.resource : undefined)));
  if (type === 'transaction') {
    // All or nothing: every entry is parsed and authorised before the transaction opens.
    let responses: BundleEntry[];
    try {
      const parsed = entries.map((entry, index) => parseEntry(entry, index));
      for (const entry of parsed) authorizeEntry(entry, ctx);
      responses = await db.transaction((tx) => runEntries(tx, parsed, ctx, 'transaction'));
    } catch (error) {
      if (error instanceof OperationOutcomeError) await ctx.auditFailure('transaction', entries.flatMap(namedPatient));
      throw error;
    }
    return { resourceType: 'Bundle', type: 'transaction-response', entry: responses };
  }
  // A batch: each entry stands alone, in a transaction of its own, and fails alone.
  const responses: BundleEntry[] = [];
  for (const [index, entry] of entries.entries()) {
    try {
      const parsed = parseEntry(entry, index);
      authorizeEntry(parsed, ctx);
      responses.push(...(await db.transaction((tx) => runEntries(tx, [parsed], ctx, 'batch'))));
    } catch (error) {
      const labelled = atEntry(error, index);
      if (!(labelled instanceof OperationOutcomeError)) throw error;
      await ctx.auditFailure('batch', namedPatient(entry));
      responses.push({ response: { status: statusLine(labelled.status), outcome: labelled.outcome } });
    }
  }
  return { resourceType: 'Bundle', type: 'batch-response', entry: responses };
}

/** The patient an entry's resource is about (what a failed write was going to touch), as sent. */
function namedPatient(entry: BundleEntry): string[] {
  const resource = entry && typeof entry === 'object' ? entry.resource : undefined;
  if (!resource || typeof resource !== 'object' || Array.isArray(resource) || typeof resource.resourceType !== 'string') return [];
  try {
    const id = patientCompartmentOf(resource);
    return id && FHIR_ID_PATTERN.test(id) ? [id] : [];
  } catch {
    return [];
  }
}

function authorizeEntry(entry: ParsedEntry, ctx: BundleContext): void {
  try {
    ctx.authorize(ACTION_OF[entry.method](entry), entry.resourceType);
  } catch (error) {
    throw atEntry(error, entry.index);
  }
}

/**
 * Runs parsed entries in one transaction, in the order FHIR prescribes (DELETE, POST, PUT, GET),
 * with every write in one call to writeResources. Answers in the order the entries came.
 */
async function runEntries(tx: Queryable, entries: readonly ParsedEntry[], ctx: BundleContext, kind: 'transaction' | 'batch'): Promise<BundleEntry[]> {
  const answers = new Map<number, BundleEntry>();
  const touched = new Set<string>();
  const note = (patientId: string | undefined) => patientId && touched.add(patientId);
  const clinical = new Set<string>();
  const noteRead = (resourceType: string, patientId: string | undefined) => {
    note(patientId);
    if (patientId && (CLINICAL_TYPES as readonly string[]).includes(resourceType)) clinical.add(patientId);
  };
  const assigned = new Map<string, string>();
  const matched = new Map<number, WriteResult>();

  // Conditional creates first: what they find is what a urn:uuid of theirs points at.
  for (const entry of entries) {
    if (entry.method !== 'POST' || !entry.ifNoneExist) continue;
    const existing = await labelled(entry.index, () => findConditionalMatch(tx, entry.resourceType, entry.ifNoneExist!, ctx.baseUrl));
    if (existing) matched.set(entry.index, resultOf(existing));
  }
  for (const entry of entries) {
    if ((entry.method !== 'POST' && entry.method !== 'PUT') || !entry.fullUrl?.startsWith('urn:')) continue;
    const id = matched.get(entry.index)?.id ?? entry.resource.id;
    assigned.set(entry.fullUrl, `${entry.resourceType}/${id}`);
  }

  const writes: { entry: ParsedEntry; op: WriteOperation }[] = [];
  for (const method of ['DELETE', 'POST', 'PUT'] as const) {
    for (const entry of entries) {
      if (entry.method !== method || matched.has(entry.index)) continue;
      if (entry.method === 'DELETE') {
        writes.push({ entry, op: { kind: 'delete', resourceType: entry.resourceType, id: entry.id } });
        continue;
      }
      const resource = entry.resource as Resource & { id: string };
      await labelled(entry.index, async () => rewriteReferences(resource, assigned));
      writes.push({ entry, op: entry.method === 'POST' ? { kind: 'create', resource } : { kind: 'update', resource, ifMatch: entry.ifMatch } });
    }
  }
  const single = writes.length === 1 ? writes[0]!.entry.index : undefined;
  await labelled(single, () => ctx.checkWrites(tx, kind, writes.map((w) => w.op)));
  const results = await labelled(single, () =>
    writeResources(tx, writes.map((w) => w.op), ctx.now, { writer: ctx.writer, labelRefusal: (error, i) => atEntry(error, writes[i]!.entry.index) }),
  );
  results.forEach((result, i) => {
    note(result.patientId);
    answers.set(writes[i]!.entry.index, entryResponse(result, ctx.baseUrl, ctx.returnMinimal));
  });
  for (const [index, result] of matched) {
    note(result.patientId);
    answers.set(index, entryResponse(result, ctx.baseUrl, ctx.returnMinimal));
  }

  for (const entry of entries) {
    if (entry.method !== 'GET') continue;
    answers.set(entry.index, await labelled(entry.index, () => runGet(tx, entry, ctx, (patientId, ownWrite) => (ownWrite ? note(patientId) : noteRead(entry.resourceType, patientId)))));
  }
  await ctx.audit(tx, kind, [...touched], [...clinical]);
  return entries.map((entry) => answers.get(entry.index)!);
}

async function runGet(tx: Queryable, entry: ParsedEntry & { method: 'GET' }, ctx: BundleContext, note: (patientId: string | undefined, ownWrite?: boolean) => void): Promise<BundleEntry> {
  if (entry.id === undefined) {
    const found = await searchResources(tx, entry.resourceType, entry.query ? parseConditionQuery(entry.query) : {}, { baseUrl: ctx.baseUrl, restrictToPatients: ctx.restrictToPatients });
    found.patientIds.forEach((patientId) => note(patientId));
    return { resource: found.bundle, response: { status: '200 OK' } };
  }
  const version =
    entry.versionId === undefined
      ? await readResource(tx, entry.resourceType, entry.id, ctx.restrictToPatients)
      : await readVersion(tx, entry.resourceType, entry.id, entry.versionId, ctx.restrictToPatients);
  const clinical = (CLINICAL_TYPES as readonly string[]).includes(version.resourceType);
  note(version.patientId, clinical && ((await ctx.isOwnWrite?.(tx, version)) ?? false));
  return {
    fullUrl: `${ctx.baseUrl}/${version.resourceType}/${version.id}`,
    resource: version.resource,
    response: { status: '200 OK', etag: `W/"${version.versionId}"`, lastModified: version.lastUpdated },
  };
}

/** Runs `work`, labelling any refusal with the entry it came from. */
async function labelled<T>(index: number | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw index === undefined ? error : atEntry(error, index);
  }
}
