import { z } from 'zod';
import { badRequest } from '../../shared/fhir/outcomes.js';

/**
 * Central's pull cursor, opaque to the workstation. Where the client stands in the change feed
 * (`f`), which generation of its scope it has fully received (`g`), and, while a scope round is
 * under way (patients and directory entries that entered since `g`, up to generation `r.t`), how
 * far into that round it got. Everything the next page depends on is in here, so a page whose
 * response was lost is served again, identically, when the client repeats the cursor.
 */
const cursorSchema = z.object({
  v: z.literal(1),
  f: z.string().max(200),
  g: z.number().int().nonnegative(),
  r: z
    .object({
      t: z.number().int().positive(),
      /** The last row served: member type, member id, resource type, resource id. */
      k: z.tuple([z.string(), z.string(), z.string(), z.string()]),
      n: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
    })
    .optional(),
});
export type PullCursor = z.infer<typeof cursorSchema>;

export function encodePullCursor(cursor: PullCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodePullCursor(text: string): PullCursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw badRequest('The cursor is not one this server gave out', 'cursor');
  }
}
