import { z } from 'zod';
import { pullResponseSchema, tombstoneChangeSchema } from './protocol.js';

/**
 * A pull page in the 'rows' layout (asked for with `layout: 'rows'`): the same page as
 * pullResponseSchema, written so that the workstation hands the resources to SQLite whole. SQLite
 * parses them once, in C, and writes every row of the page with one statement: no resource becomes
 * a JavaScript object or string on the way (on a first download of 500,000 resources, reading each
 * resource into objects or strings was most of the workstation's work).
 *
 *   line 1   the head: the page's fields, with `changes` holding the tombstones only, and
 *            `resources`: how many resource rows line 2 holds
 *   line 2   a JSON array of resource rows (ResourceRow), in no promised order (a page is applied by version)
 *
 * Lines end with LF; JSON text never holds a raw LF outside whitespace, so the head ends at the
 * first one. The key before each resource is Central's record of it: its type, id and version, its
 * meta.lastUpdated, and the patient whose record holds it (shared/fhir/compartment.ts).
 */
export const PULL_ROWS_CONTENT_TYPE = 'application/vnd.medkarta.pull-rows';

export const pullRowsHeadSchema = pullResponseSchema.extend({
  changes: z.array(tombstoneChangeSchema),
  resources: z.number().int().nonnegative(),
});
export type PullRowsHead = z.infer<typeof pullRowsHeadSchema>;

/** [resourceType, id, versionId, meta.lastUpdated or null, the patient whose record holds it or null]. */
export type ResourceKey = [resourceType: string, id: string, versionId: number, lastUpdated: string | null, patientId: string | null];

/** A resource's key followed by the resource: [resourceType, id, versionId, lastUpdated, patientId, resource]. */
export type ResourceRow = [...ResourceKey, resource: object];

export const LINE_END = '\n';
