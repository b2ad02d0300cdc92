import { z } from 'zod';
import { Id, IsoDateTime } from './common.js';

export const SyncStatusSchema = z.object({
  online: z.boolean(),
  lastSyncAt: IsoDateTime.nullable(),
  /** Local changes waiting in the outbox. */
  pending: z.number().int().nonnegative(),
  rejections: z.number().int().nonnegative(),
  conflicts: z.number().int().nonnegative(),
  /** A long download in progress: resources done of total, and the estimated time left. */
  progress: z.object({ done: z.number().int(), total: z.number().int(), secondsLeft: z.number().nullable() }).nullable(),
  lastError: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

/** A field of a resource as a person reads it: both versions of a conflict are lists of these. */
export const VersionFieldSchema = z.object({ path: z.string(), value: z.string() });
export type VersionField = z.infer<typeof VersionFieldSchema>;

/**
 * An inbox item: a change Central refused for good (`rejected`, with its reason) or a stale edit
 * (`conflict`, with both versions side by side). Nothing leaves the inbox without a person's choice.
 */
export const InboxItemSchema = z.object({
  id: Id,
  kind: z.enum(['rejected', 'conflict']),
  createdAt: IsoDateTime,
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  patient: z.object({ id: Id, name: z.string() }).nullable(),
  /** Central's words, from the OperationOutcome. */
  reason: z.string(),
  /** Their machine code (shared/fhir/refusal-codes.ts), for the screen to say in the person's language; null when none. */
  reasonCode: z.string().nullable(),
  local: z.array(VersionFieldSchema),
  central: z.array(VersionFieldSchema).nullable(),
});
export type InboxItem = z.infer<typeof InboxItemSchema>;

export const InboxListOutputSchema = z.object({ items: z.array(InboxItemSchema) });

export const InboxResolveInputSchema = z.object({
  id: Id,
  /** keep-local: resend our version on top of Central's; keep-central: drop ours; dismiss: acknowledge a refusal. */
  choice: z.enum(['keep-local', 'keep-central', 'dismiss']),
});
export const InboxResolveOutputSchema = z.object({ resolved: Id });
