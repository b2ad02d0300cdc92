import { z } from 'zod';
import { FHIR_ID, pullResponseSchema } from './protocol.js';

/**
 * A pull page in the 'lines' layout (asked for with `layout: 'lines'`): the same page as
 * pullResponseSchema, written so that a workstation stores each resource as the text it received,
 * without parsing it into objects and writing it out again (on a first download of 500,000
 * resources that was nearly half of the workstation's work per resource).
 *
 *   line 1      the head: the page's fields other than `changes`, and `changes`: how many lines follow
 *   each next   one change, in the page's order:
 *               - a resource: its key (ResourceKey, a JSON array), a TAB, the resource's JSON
 *               - a tombstone: the change as a JSON object, as in the JSON layout
 *
 * Lines end with LF. JSON text never holds a raw LF or TAB (inside strings they are escaped), so
 * neither can end a line or a key early. The key is Central's record of the resource: its type, id
 * and version, its meta.lastUpdated, and the patient whose record holds it (shared/fhir/compartment.ts).
 */
export const PULL_LINES_CONTENT_TYPE = 'application/vnd.medkarta.pull-lines';

export const pullLinesHeadSchema = pullResponseSchema.omit({ changes: true }).extend({ changes: z.number().int().nonnegative() });
export type PullLinesHead = z.infer<typeof pullLinesHeadSchema>;

/** [resourceType, id, versionId, meta.lastUpdated or null, the patient whose record holds it or null]. */
export type ResourceKey = [resourceType: string, id: string, versionId: number, lastUpdated: string | null, patientId: string | null];

const RESOURCE_TYPE = /^[A-Z][A-Za-z]{0,63}$/;

/**
 * What is wrong with a value read as a resource key, or null when it is one. Written out rather
 * than as a schema: it runs for every resource of a page.
 */
export function resourceKeyProblem(value: unknown): string | null {
  if (!Array.isArray(value) || value.length !== 5) return 'not an array of five values';
  const [type, id, versionId, lastUpdated, patientId] = value as unknown[];
  if (typeof type !== 'string' || !RESOURCE_TYPE.test(type)) return 'no resource type';
  if (typeof id !== 'string' || !FHIR_ID.test(id)) return 'no FHIR id';
  if (typeof versionId !== 'number' || !Number.isSafeInteger(versionId) || versionId < 1) return 'no version';
  if (lastUpdated !== null && (typeof lastUpdated !== 'string' || lastUpdated.length > 64)) return 'a lastUpdated that is not a time';
  if (patientId !== null && (typeof patientId !== 'string' || !FHIR_ID.test(patientId))) return 'a patient that is not a FHIR id';
  return null;
}

export const LINE_END = '\n';
export const KEY_END = '\t';
