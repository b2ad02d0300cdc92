import type { z } from 'zod';
import { badRequest, OperationOutcomeError, outcome } from '../../shared/fhir/outcomes.js';
import { mutationSchema } from '../../shared/sync/protocol.js';
import { PROTOCOL_VERSION } from '../../shared/sync/version.js';
import type { IncomingMutation } from './push.js';

/**
 * Reads a sync request at the trust boundary. The protocol version is looked at first: a
 * workstation of another version gets a 400 that names the version spoken here (issue
 * expression `protocolVersion`, so it can tell the person "update required" instead of retrying).
 */
export function parseSyncBody<T>(schema: z.ZodType<T>, body: unknown): T {
  requireProtocolVersion((body as { protocolVersion?: unknown } | null | undefined)?.protocolVersion);
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  throw refusalOf(result.error);
}

export function requireProtocolVersion(version: unknown): void {
  // A query string carries it as text.
  if (version === PROTOCOL_VERSION || version === String(PROTOCOL_VERSION)) return;
  const given = typeof version === 'number' || (typeof version === 'string' && /^\d{1,6}$/.test(version)) ? `version ${version}` : 'no version';
  throw new OperationOutcomeError(
    400,
    outcome('error', 'not-supported', `This peer speaks sync protocol version ${PROTOCOL_VERSION}; the request has ${given}. Update the workstation.`, 'protocolVersion'),
  );
}

/** One mutation of a push, checked on its own: a malformed one is refused for its id alone. */
export function readMutation(raw: { mutationId: number }): IncomingMutation {
  const result = mutationSchema.safeParse(raw);
  return result.success ? { mutationId: raw.mutationId, mutation: result.data } : { mutationId: raw.mutationId, malformed: refusalOf(result.error) };
}

/** A zod failure as a 400 naming the field, never echoing the value. */
function refusalOf(error: z.ZodError): OperationOutcomeError {
  const issue = error.issues[0]!;
  const field = issue.path.join('.') || 'body';
  return badRequest(`${field}: ${issue.code === 'invalid_type' && issue.input === undefined ? 'required' : issue.message}`, field);
}
