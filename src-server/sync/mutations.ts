import type { Appointment, Resource } from '@medplum/fhirtypes';
import type { Mutation, MutationResult } from '../../shared/sync/protocol.js';
import { conflict, OperationOutcomeError } from '../../shared/fhir/outcomes.js';
import { writerOf } from '../auth/own-writes.js';
import type { Queryable } from '../db/database.js';
import { readResource } from '../fhir/read.js';
import { validateIncoming } from '../fhir/validation.js';
import { writeResources } from '../fhir/write.js';
import { bookSlot, cancelAppointment } from '../scheduling/booking.js';
import type { SyncCaller } from './access.js';
import { recordWorkstationAudit } from './audit-mutation.js';
import { applyReschedule, applyWalkIn, applyWalkInCreate, isQueuedWalkIn } from './scheduling-mutations.js';
import { applySickLeave } from './sick-leave-mutation.js';

/**
 * Resources a person edits in place (demographics, allergy, problem status, a booking): an edit made
 * against an older version is refused with both versions so a person decides. Clinical facts are
 * appended and never conflict, so for them `baseVersion` is not checked.
 */
export const EDITABLE_TYPES: ReadonlySet<string> = new Set(['Patient', 'AllergyIntolerance', 'Condition', 'Appointment', 'Slot', 'Schedule', 'Location', 'Practitioner', 'PractitionerRole', 'Organization']);

/**
 * Applies one mutation inside `tx` and says what became of it. A refusal that retrying cannot fix
 * throws an OperationOutcomeError with a 4xx status; push.ts turns it into a `rejected` result.
 */
export async function applyMutation(tx: Queryable, mutation: Mutation, now: Date, caller: SyncCaller): Promise<MutationResult> {
  const { mutationId } = mutation;
  const writer = writerOf(caller.principal);
  switch (mutation.kind) {
    case 'create': {
      const resource = validated(mutation.args.resource);
      if (isQueuedWalkIn(resource)) return { mutationId, status: 'applied', resource: await applyWalkInCreate(tx, caller, resource, now) };
      const existing = await currentOrUndefined(tx, resource.resourceType, resource.id);
      // The id was chosen by the workstation; a clash is someone else's resource, never overwritten.
      if (existing) throw conflict(`${resource.resourceType}/${resource.id} already exists`);
      const [result] = await writeResources(tx, [{ kind: 'create', resource }], now, { writer });
      return { mutationId, status: 'applied', resource: result!.resource as Resource & { id: string } };
    }
    case 'update': {
      const resource = validated(mutation.args.resource);
      const checkVersion = EDITABLE_TYPES.has(resource.resourceType) ? mutation.baseVersion : undefined;
      const [result] = await writeResources(tx, [{ kind: 'update', resource, ifMatch: checkVersion }], now, { writer });
      return { mutationId, status: 'applied', resource: result!.resource as Resource & { id: string } };
    }
    case 'delete': {
      const { resourceType, id } = mutation.args;
      if (mutation.baseVersion !== undefined && EDITABLE_TYPES.has(resourceType)) {
        const current = await readResource(tx, resourceType, id);
        if (current.versionId !== mutation.baseVersion) throw staleVersion(mutation.baseVersion, current.versionId);
      }
      await writeResources(tx, [{ kind: 'delete', resourceType, id }], now, { writer });
      return { mutationId, status: 'applied' };
    }
    case 'book': {
      const { appointment } = await bookSlot(tx, { slotId: mutation.args.slotId, appointment: validated(mutation.args.appointment) as Appointment & { id: string }, now, channel: 'workstation', bookedBy: mutation.author?.userId });
      return { mutationId, status: 'applied', resource: appointment };
    }
    case 'cancel':
      return { mutationId, status: 'applied', resource: await cancelAppointment(tx, { appointmentId: mutation.args.appointmentId, reason: mutation.args.reason, now }) };
    case 'audit':
      await recordWorkstationAudit(tx, mutation.args.event, now);
      return { mutationId, status: 'applied' };
    case 'sick-leave':
      await applySickLeave(tx, caller, mutation, now);
      return { mutationId, status: 'applied' };
    case 'reschedule':
      return { mutationId, status: 'applied', resource: await applyReschedule(tx, caller, mutation, now) };
    case 'walk-in':
      return { mutationId, status: 'applied', resource: await applyWalkIn(tx, caller, mutation, now) };
  }
}

/** A refusal that carries the peer's current version of the resource, for the conflict inbox. */
export class RejectedWith extends Error {
  constructor(
    readonly error: OperationOutcomeError,
    readonly current: Resource | undefined,
  ) {
    super(error.message);
  }
}

function validated(resource: Resource & { id: string }): Resource & { id: string } {
  return { ...validateIncoming(resource), id: resource.id };
}

async function currentOrUndefined(tx: Queryable, resourceType: string, id: string): Promise<Resource | undefined> {
  const { rows } = await tx.query<{ content: Resource | string }>(`SELECT content FROM resource WHERE resource_type = $1 AND id = $2 AND NOT deleted`, [resourceType, id]);
  const content = rows[0]?.content;
  return typeof content === 'string' ? (JSON.parse(content) as Resource) : content;
}

function staleVersion(base: number, current: number): OperationOutcomeError {
  return new OperationOutcomeError(412, {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: 'conflict', details: { text: `Edited version ${base}, but the current version is ${current}: someone changed it meanwhile` } }],
  });
}
