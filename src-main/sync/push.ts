import type { Resource } from '@medplum/fhirtypes';
import { pushResponseSchema, type PushResponse } from '../../shared/sync/protocol.js';
import { PROTOCOL_VERSION } from '../../shared/sync/version.js';
import { patientIdOf } from '../db/compartment.js';
import type { OutboxMutation } from '../db/outbox.js';
import type { LocalStore } from '../db/local-store.js';
import type { SyncContext } from './context.js';
import { postSync, SyncRequestError } from './http.js';
import { settleMove } from './moves.js';
import { fileRefusal, type WireMutation } from './refusals.js';

const AUDIT_BATCH = 200;

export interface PushOutcome {
  applied: number;
  rejected: number;
  /** Patients whose records changed here because of an answer (a refusal put back, say). */
  patientIds: Set<string>;
}

/**
 * Sends the outbox to Central in order, a batch at a time, until it is empty. The mutation id is
 * the outbox row id (never reused), so a batch resent after a lost answer is recognised and
 * answered from Central's stored results. Each answer is written in one SQLite transaction.
 */
export async function pushOutbox(ctx: SyncContext): Promise<PushOutcome> {
  queueAuditEvents(ctx);
  const outcome: PushOutcome = { applied: 0, rejected: 0, patientIds: new Set() };
  for (;;) {
    const batch = ctx.store.outbox.pending(ctx.pushBatch).map(toWire);
    if (batch.length === 0) return outcome;
    const response = await postSync(ctx.http, '/sync/push', { protocolVersion: PROTOCOL_VERSION, clientId: ctx.clientId, mutations: batch }, pushResponseSchema);
    if (response.clientId !== ctx.clientId) throw new SyncRequestError('refused', `Central answered for client ${response.clientId}, not this workstation`);
    const settled = settle(ctx, batch, response, outcome);
    // Central stands before our first pending id: it lost mutations it had acknowledged (restored
    // from a backup?). Resending will not help; a person must look, and nothing is dropped here.
    if (settled === 0) throw new SyncRequestError('refused', `Central expects mutation ${response.lastMutationId + 1} from this workstation, whose next is ${batch[0]!.mutationId}`);
  }
}

function settle(ctx: SyncContext, batch: WireMutation[], response: PushResponse, outcome: PushOutcome): number {
  const sent = new Map(batch.map((mutation) => [mutation.mutationId, mutation]));
  const now = ctx.now();
  return ctx.store.transaction(() => {
    let settled = 0;
    for (const result of response.results) {
      const mutation = sent.get(result.mutationId);
      if (!mutation) continue;
      settled++;
      if (result.status === 'applied') {
        ctx.store.outbox.markStatus([result.mutationId], 'applied');
        settleMove(ctx.store, mutation, true, now);
        // The first answer carries the stored version; a replayed one only its meta (the pull brings it).
        if (result.resource && Object.keys(result.resource).some((key) => !['resourceType', 'id', 'meta'].includes(key))) ctx.store.resources.upsertMany([result.resource]);
        outcome.applied++;
      } else {
        ctx.store.outbox.markStatus([result.mutationId], 'rejected');
        fileRefusal(ctx.store, mutation, result, now);
        settleMove(ctx.store, mutation, false, now);
        outcome.rejected++;
        for (const id of patientsOf(mutation, result.current, ctx.store)) outcome.patientIds.add(id);
      }
    }
    return settled;
  });
}

/**
 * AuditEvents recorded locally become `audit` mutations: moved into the outbox and marked
 * delivered in one transaction, so each is queued exactly once and then rides the outbox's
 * exactly-once push (Central also ignores an event id it already holds).
 */
function queueAuditEvents(ctx: SyncContext): void {
  for (;;) {
    const moved = ctx.store.transaction(() => {
      const events = ctx.store.audit.undelivered(AUDIT_BATCH);
      const now = ctx.now();
      for (const event of events) ctx.store.outbox.enqueue('audit', { event }, null, now);
      ctx.store.audit.markDelivered(events.map((event) => event.id!));
      return events.length;
    });
    if (moved < AUDIT_BATCH) return;
  }
}

function toWire(row: OutboxMutation): WireMutation {
  return {
    mutationId: row.mutationId,
    kind: row.kind,
    args: row.args,
    ...(row.baseVersion !== null ? { baseVersion: row.baseVersion } : {}),
    madeAt: row.createdAt,
    ...(row.author ? { author: row.author } : {}),
  };
}

function patientsOf(mutation: WireMutation, current: Resource | undefined, store: LocalStore): string[] {
  const args = mutation.args as { resource?: Resource; appointment?: Resource; patientId?: string; certificateId?: string } | null;
  // A refused sick-leave step names its patient (open) or a certificate whose patient is kept here:
  // the chart showing it learns of the refusal at once.
  const sickLeave = mutation.kind === 'sick-leave' ? (args?.patientId ?? (args?.certificateId ? store.sickLeave.patientOf(args.certificateId) : undefined)) : undefined;
  const fromResources = [args?.resource, args?.appointment, current].flatMap((resource) => {
    const id = resource ? patientIdOf(resource) : null;
    return id ? [id] : [];
  });
  return sickLeave ? [...fromResources, sickLeave] : fromResources;
}
