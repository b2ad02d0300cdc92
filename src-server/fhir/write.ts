import type { Patient, Resource } from '@medplum/fhirtypes';
import { badRequest, conflict, notFound, preconditionFailed } from '../../shared/fhir/outcomes.js';
import type { Queryable } from '../db/database.js';
import { prepared } from '../db/prepared.js';
import { patientCompartmentOf } from '../../shared/fhir/compartment.js';
import { personalNumberClaims, personalNumberTaken, releasePersonalNumbers } from './personal-numbers.js';
import { refuseBundleLocalReferences } from './references.js';
import { storeBatch } from './store-statement.js';

/** One change to the store. Ids are decided before this point (server UUIDs or the client's). */
export type WriteOperation =
  | { kind: 'create'; resource: Resource & { id: string } }
  /** Update, or create with the client's id when there is no such resource yet. */
  | { kind: 'update'; resource: Resource & { id: string }; ifMatch?: number | undefined }
  | { kind: 'delete'; resourceType: string; id: string };

/**
 * Who a write comes from, as Central authenticated the caller (auth/own-writes.ts writerOf): kept
 * with every version it writes (resource_history.written_by, written_by_org). Nothing in a
 * resource's body says who wrote it; only this does.
 */
export interface Writer {
  /** The user's, institution client's or workstation's id. */
  subject: string;
  organizationId: string | undefined;
}

export interface WriteOptions {
  /** Absent for Central's own writes (seed, registers, scheduling upkeep). */
  writer?: Writer | undefined;
  /** Lets a bundle say which of its entries a refusal came from. */
  labelRefusal?: ((error: unknown, operationIndex: number) => unknown) | undefined;
}

export interface WriteResult {
  resourceType: string;
  id: string;
  versionId: number;
  lastUpdated: string;
  /** 201 when a resource came into being (create, or update of an absent/deleted id), else 200. */
  status: 200 | 201;
  deleted: boolean;
  patientId: string | undefined;
  /** The stored version (absent after a delete). */
  resource?: Resource | undefined;
  /** True when nothing was written (deleting what is already gone). */
  unchanged?: boolean | undefined;
}

interface ExistingRow {
  resource_type: string;
  id: string;
  version_id: number;
  deleted: boolean;
  patient_id: string | null;
}

const key = (type: string, id: string) => `${type}/${id}`;

/**
 * Applies a list of operations in `tx`: locks what exists, plans every version, then stores them all
 * with one statement (store-statement.ts), which is what lets a 50-resource transaction bundle cost
 * two or three round trips instead of hundreds. Throws an OperationOutcomeError on the first
 * refusal; the caller's transaction then rolls everything back.
 */
export async function writeResources(
  tx: Queryable,
  operations: readonly WriteOperation[],
  now: Date,
  options: WriteOptions = {},
): Promise<WriteResult[]> {
  const labelRefusal = options.labelRefusal ?? ((error: unknown) => error);
  if (operations.length === 0) return [];
  const lastUpdated = now.toISOString();
  const refs = operations.map((op) => (op.kind === 'delete' ? { type: op.resourceType, id: op.id } : { type: op.resource.resourceType, id: op.resource.id }));
  const seen = new Set<string>();
  for (const ref of refs) {
    if (seen.has(key(ref.type, ref.id))) throw badRequest(`${key(ref.type, ref.id)} is written twice in one request`);
    seen.add(key(ref.type, ref.id));
  }
  // Server-assigned UUIDs are new by construction; everything else is locked so versions stay in order.
  const existing = await lockExisting(tx, refs.filter((_, i) => operations[i]!.kind !== 'create'));

  const results: WriteResult[] = [];
  for (const [index, op] of operations.entries()) {
    const ref = refs[index]!;
    const before = existing.get(key(ref.type, ref.id));
    try {
      if (op.kind !== 'delete') refuseBundleLocalReferences(op.resource);
      results.push(plan(op, before, lastUpdated));
    } catch (error) {
      throw labelRefusal(error, index);
    }
  }
  const written = results.filter((result) => !result.unchanged);
  if (written.length === 0) return results;

  const patients = written.filter((r) => r.resourceType === 'Patient');
  const released = patients.filter((r) => existing.has(key('Patient', r.id))).map((r) => r.id);
  // Before the claims: a Patient rewritten with its own number must find it free again.
  if (released.length > 0) await releasePersonalNumbers(tx, released);
  const claims = personalNumberClaims(patients.filter((r) => !r.deleted).map((r) => r.resource as Patient));
  let claimed: number;
  try {
    claimed = await storeBatch(tx, {
      versions: written.map((r) => ({ ...r, content: r.resource ?? tombstone(r), indexed: r.deleted ? undefined : r.resource })),
      reindexed: written.filter((r) => existing.has(key(r.resourceType, r.id))).map((r) => ({ resourceType: r.resourceType, id: r.id })),
      claims,
      overwrites: written.some((r) => existing.has(key(r.resourceType, r.id))),
      writer: options.writer,
    });
  } catch (error) {
    // A concurrent writer created the same client-chosen id between our lock and our insert.
    if ((error as { code?: string }).code === '23505') throw conflict('The resource was written concurrently; retry the request');
    throw error;
  }
  if (claimed !== claims.length) throw personalNumberTaken();
  return results;
}

const LOCK_EXISTING = prepared(
  `SELECT r.resource_type, r.id, r.version_id, r.deleted, r.patient_id FROM resource r
   JOIN unnest($1::text[], $2::text[]) AS k(resource_type, id) USING (resource_type, id)
   ORDER BY r.resource_type, r.id FOR UPDATE OF r`,
);

async function lockExisting(tx: Queryable, refs: readonly { type: string; id: string }[]): Promise<Map<string, ExistingRow>> {
  const found = new Map<string, ExistingRow>();
  if (refs.length === 0) return found;
  const { rows } = await tx.query<ExistingRow>(LOCK_EXISTING, [refs.map((r) => r.type), refs.map((r) => r.id)]);
  for (const row of rows) found.set(key(row.resource_type, row.id), row);
  return found;
}

function plan(op: WriteOperation, before: ExistingRow | undefined, lastUpdated: string): WriteResult {
  if (op.kind === 'delete') {
    if (!before) throw notFound(`${key(op.resourceType, op.id)} does not exist`);
    if (before.deleted) {
      return { resourceType: op.resourceType, id: op.id, versionId: before.version_id, lastUpdated, status: 200, deleted: true, patientId: before.patient_id ?? undefined, unchanged: true };
    }
    return { resourceType: op.resourceType, id: op.id, versionId: before.version_id + 1, lastUpdated, status: 200, deleted: true, patientId: before.patient_id ?? undefined };
  }
  if (op.kind === 'update' && op.ifMatch !== undefined && (!before || before.deleted || before.version_id !== op.ifMatch)) {
    throw preconditionFailed(`If-Match asked for version ${op.ifMatch}, the current version is ${before && !before.deleted ? before.version_id : 'none'}`);
  }
  const versionId = before ? before.version_id + 1 : 1;
  const resource = { ...op.resource, meta: { ...op.resource.meta, versionId: String(versionId), lastUpdated } } as Resource;
  return {
    resourceType: resource.resourceType,
    id: op.resource.id,
    versionId,
    lastUpdated,
    status: !before || before.deleted ? 201 : 200,
    deleted: false,
    patientId: patientCompartmentOf(resource),
    resource,
  };
}

/** What the store keeps for a deleted version: who it was, never what it said. */
function tombstone(result: WriteResult): Resource {
  return { resourceType: result.resourceType, id: result.id, meta: { versionId: String(result.versionId), lastUpdated: result.lastUpdated } } as Resource;
}
