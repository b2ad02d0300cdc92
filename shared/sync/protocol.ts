import type { AuditEvent, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { z } from 'zod';
import { sickLeaveArgsSchema } from './sick-leave.js';
import { walkInArgsSchema } from './walk-in.js';

/**
 * The sync protocol between a workstation and its peer (Central today, the clinic hub later), as
 * schemas; the types are inferred from them so what is checked is what is typed. Nothing here
 * assumes the peer is Central: a mutation keeps the id and client id of the workstation that made
 * it wherever it is relayed, results are addressed to that client, and cursors belong to one peer.
 *
 * The deep content of a resource is not checked here: the peer validates it against the FHIR R4
 * definitions and answers a bad one with a `rejected` result naming the field.
 */

/** A FHIR id: letters, digits, - and ., at most 64. */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
export const fhirIdSchema = z.string().regex(FHIR_ID, 'must be a FHIR id (letters, digits, - and ., at most 64)');
export const clientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a client id');

/** A resource with the two fields sync relies on; the rest is checked by the peer's validator. */
export const resourceSchema = z.custom<Resource & { id: string }>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { resourceType?: unknown }).resourceType === 'string' &&
    FHIR_ID.test(String((value as { id?: unknown }).id ?? '')),
  { message: 'must be a FHIR resource with resourceType and id' },
);

export const operationOutcomeSchema = z.custom<OperationOutcome>(
  (value) => typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === 'OperationOutcome',
  { message: 'must be an OperationOutcome' },
);

export const auditEventSchema = z.custom<AuditEvent & { id: string }>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    (value as { resourceType?: unknown }).resourceType === 'AuditEvent' &&
    FHIR_ID.test(String((value as { id?: unknown }).id ?? '')),
  { message: 'must be an AuditEvent with an id' },
);

/** Who made a change at the workstation: kept for provenance, the device answers for it. */
export const authorSchema = z.object({
  userId: z.string().min(1).max(128),
  practitionerId: fhirIdSchema.optional(),
  display: z.string().max(200).optional(),
});

const base = {
  /** Monotonic per client, starting at 1, no gaps: the peer applies a mutation once, in order. */
  mutationId: z.number().int().positive(),
  /** The workstation's clock when the change was made (informational; clocks may be skewed). */
  madeAt: z.string().max(40).optional(),
  author: authorSchema.optional(),
};

export const mutationSchema = z.discriminatedUnion('kind', [
  /** A new resource; its id is chosen by the workstation so offline work can reference it. */
  z.object({ ...base, kind: z.literal('create'), args: z.object({ resource: resourceSchema }) }),
  /** An edit. `baseVersion` is the version the person edited: a stale one is refused, never merged. */
  z.object({ ...base, kind: z.literal('update'), baseVersion: z.number().int().positive().optional(), args: z.object({ resource: resourceSchema }) }),
  z.object({
    ...base,
    kind: z.literal('delete'),
    baseVersion: z.number().int().positive().optional(),
    args: z.object({ resourceType: z.string().min(1).max(64), id: fhirIdSchema }),
  }),
  /** Booking is a command checked atomically by the peer: the slot must still be free. */
  z.object({ ...base, kind: z.literal('book'), args: z.object({ slotId: fhirIdSchema, appointment: resourceSchema }) }),
  /** Cancelling frees the appointment's slot in the same transaction. */
  z.object({ ...base, kind: z.literal('cancel'), args: z.object({ appointmentId: fhirIdSchema, reason: z.string().max(500).optional() }) }),
  /** An access recorded at the workstation (chart opened, search run): appended to the trail. */
  z.object({ ...base, kind: z.literal('audit'), args: z.object({ event: auditEventSchema }) }),
  /** A step of a sick-leave certificate (since version 2): the peer queues it for the Social Protection Fund. */
  z.object({ ...base, kind: z.literal('sick-leave'), args: sickLeaveArgsSchema }),
  /**
   * A move of a booked appointment to another slot, keeping its id (since version 3): the peer
   * claims the new slot and releases the old one in one transaction; if the new slot is taken the
   * move is refused like a booking and the appointment keeps its old slot.
   */
  z.object({ ...base, kind: z.literal('reschedule'), args: z.object({ appointmentId: fhirIdSchema, slotId: fhirIdSchema, reason: z.string().max(500).optional() }) }),
  /** A walk-in queued at the desk, or its next step (since version 3): the peer keeps the clinic's queue. */
  z.object({ ...base, kind: z.literal('walk-in'), args: walkInArgsSchema }),
]);
export type Mutation = z.infer<typeof mutationSchema>;
export type MutationKind = Mutation['kind'];

export const MAX_MUTATIONS_PER_PUSH = 500;

export const pushRequestSchema = z.object({
  protocolVersion: z.number().int(),
  /** The workstation that made these mutations (not necessarily the one sending them). */
  clientId: clientIdSchema,
  mutations: z.array(mutationSchema).max(MAX_MUTATIONS_PER_PUSH),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/**
 * A push as the peer first reads it: the envelope checked, each mutation only as far as its id.
 * The peer then checks every mutation on its own against `mutationSchema`, so one malformed
 * mutation becomes a `rejected` result for that id instead of blocking the whole outbox behind it.
 */
export const pushEnvelopeSchema = pushRequestSchema.extend({
  mutations: z.array(z.looseObject({ mutationId: z.number().int().positive() })).max(MAX_MUTATIONS_PER_PUSH),
});

export const mutationResultSchema = z.discriminatedUnion('status', [
  z.object({ mutationId: z.number().int().positive(), status: z.literal('applied'), resource: resourceSchema.optional() }),
  z.object({
    mutationId: z.number().int().positive(),
    status: z.literal('rejected'),
    outcome: operationOutcomeSchema,
    /** The peer's version of what the mutation was about, for a person to compare with their own. */
    current: resourceSchema.optional(),
  }),
]);
export type MutationResult = z.infer<typeof mutationResultSchema>;

export const pushResponseSchema = z.object({
  protocolVersion: z.number().int(),
  clientId: clientIdSchema,
  /**
   * The highest mutation id of this client the peer has applied. Mutations of the request without a
   * result (after a gap, or beyond a retried prefix) were not looked at and are to be sent again.
   */
  lastMutationId: z.number().int().nonnegative(),
  results: z.array(mutationResultSchema),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const MAX_PULL_LIMIT = 2000;

export const pullRequestSchema = z.object({
  protocolVersion: z.number().int(),
  clientId: clientIdSchema,
  /** Absent on the first pull; afterwards exactly the string the peer last answered. */
  cursor: z.string().max(4096).optional(),
  limit: z.number().int().positive().max(MAX_PULL_LIMIT),
  /**
   * How the page is written: 'json' (pullResponseSchema, the default) or 'rows' (pull-rows.ts).
   * A peer that does not know the field answers JSON: the workstation reads either.
   */
  layout: z.enum(['json', 'rows']).optional(),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

/** A deletion, or a resource that left the scope; `versionId` lets a newer local copy win. */
export const tombstoneChangeSchema = z.object({ type: z.literal('tombstone'), resourceType: z.string().min(1).max(64), id: fhirIdSchema, versionId: z.number().int().optional() });

export const changeSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('resource'), resource: resourceSchema }), tombstoneChangeSchema]);
export type Change = z.infer<typeof changeSchema>;

export const scopeChangesSchema = z.object({
  /** Patients whose whole record is arriving in this and the following pages. */
  entered: z.array(fhirIdSchema),
  /** Patients who left the scope: the workstation removes everything of their compartment. */
  left: z.array(fhirIdSchema),
});
export type ScopeChanges = z.infer<typeof scopeChangesSchema>;

export const pullResponseSchema = z.object({
  protocolVersion: z.number().int(),
  changes: z.array(changeSchema),
  cursor: z.string().max(4096),
  hasMore: z.boolean(),
  scopeChanges: scopeChangesSchema,
  /** An estimate of the changes still to come, for a progress bar; absent when unknown. */
  remaining: z.number().int().nonnegative().optional(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/**
 * A pull answer's head carries the page's `cursor` here when more pages follow (`hasMore`), so the
 * workstation asks for the next page as soon as the head arrives, while this page's body is still
 * to be read, parsed and written. The cursor in the body is the one a workstation applies: a page
 * asked for with a head's cursor is used only on top of that same cursor.
 */
export const NEXT_CURSOR_HEADER = 'medkarta-next-cursor';

/** What `/sync/events` sends: "there is something new for you", never the data itself. */
export const changeNoticeSchema = z.object({ type: z.literal('changes'), at: z.string() });
export type ChangeNotice = z.infer<typeof changeNoticeSchema>;

/** An on-demand fetch of a patient outside the scope: the reason is mandatory and audited. */
export const fetchPatientRequestSchema = z.object({
  protocolVersion: z.number().int(),
  clientId: clientIdSchema,
  patientId: fhirIdSchema,
  reason: z.string().trim().min(3).max(500),
  /** Keep the patient in this workstation's scope afterwards (pinned) for so many days. */
  pinDays: z.number().int().min(0).max(90).optional(),
});
export type FetchPatientRequest = z.infer<typeof fetchPatientRequestSchema>;

export const fetchPatientResponseSchema = z.object({ resources: z.array(resourceSchema) });
export type FetchPatientResponse = z.infer<typeof fetchPatientResponseSchema>;
