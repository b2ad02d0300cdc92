import type { OperationOutcome } from '@medplum/fhirtypes';
import { OperationOutcomeError } from '../../../shared/fhir/outcomes.js';
import type { Principal, RequestOrigin } from '../../auth/principal.js';
import type { CentralContext } from '../../context.js';
import { acceptSubmission } from '../feeds/process.js';
import type { SubmissionView } from '../feeds/submissions.js';
import { findInstitution } from '../institutions.js';
import { buildAck } from './ack.js';
import { component, HL7_ERROR, Hl7Error, type Hl7Location, type Hl7Message, type Hl7Problem } from './message.js';
import { convertOru } from './oru-to-fhir.js';
import { parseHl7 } from './parse.js';

/** Who sent a message: an authenticated client over HTTP, or whoever is on the MLLP link (known by MSH-4). */
export type Hl7Sender = { kind: 'http'; principal: Principal; origin: RequestOrigin } | { kind: 'mllp'; origin: RequestOrigin };

/**
 * Receives one HL7 v2 message and answers with its ACK: the message is parsed, checked, turned into
 * a feed bundle and submitted like any FHIR feed (stored first, matched, idempotent). A problem in
 * the message is an AE naming segment and field; a message Central does not take (another type,
 * an unknown sender) is an AR.
 */
export async function receiveHl7(ctx: CentralContext, text: string, sender: Hl7Sender): Promise<string> {
  let message: Hl7Message | undefined;
  try {
    message = parseHl7(text);
    const { facility, clientId, organizationId } = await checkHeader(ctx, message, sender);
    const { bundle, origins } = convertOru(message, facility);
    const view = await acceptSubmission(ctx, { clientId, organizationId }, bundle, sender.origin, 'hl7v2', text);
    if (view.status === 'rejected') return buildAck(message, 'AE', 'The message was refused', problemsOf(view.outcome, origins), ctx.now());
    return buildAck(message, 'AA', acceptedText(view), [], ctx.now());
  } catch (error) {
    if (error instanceof Hl7Error) return buildAck(message, error.acknowledgment, error.message.slice(0, 200), error.problems, ctx.now());
    const reason = error instanceof OperationOutcomeError ? error.message : 'Central could not store the message; send it again';
    if (!(error instanceof OperationOutcomeError)) console.error('[hl7] message not stored', error);
    return buildAck(message, 'AR', reason, [{ location: { segment: 'MSH', sequence: 1 }, code: HL7_ERROR.applicationError, message: reason }], ctx.now());
  }
}

async function checkHeader(ctx: CentralContext, message: Hl7Message, sender: Hl7Sender): Promise<{ facility: string; clientId: string; organizationId: string }> {
  const msh = message.segments[0]!;
  const refuse = (field: number, code: Hl7Problem['code'], text: string) => new Hl7Error([{ location: { segment: 'MSH', sequence: 1, field }, code, message: text }], 'AR');
  if (component(msh, 9, 1) !== 'ORU' || component(msh, 9, 2) !== 'R01') throw refuse(9, HL7_ERROR.unsupportedMessageType, 'MSH-9: Central takes ORU^R01 result messages only');
  if (!component(msh, 10)) throw refuse(10, HL7_ERROR.requiredFieldMissing, 'MSH-10 (message control id) is required');
  if (!/^2\.[3-9]/.test(component(msh, 12))) throw refuse(12, HL7_ERROR.unsupportedVersion, 'MSH-12: versions 2.3 to 2.9 are accepted');
  const facility = component(msh, 4);
  const institution = facility ? await findInstitution(ctx.db, { hl7Facility: facility }) : undefined;
  if (!institution) throw refuse(4, HL7_ERROR.unknownKey, 'MSH-4 (sending facility) names no institution registered with Central');
  if (sender.kind === 'http') {
    if (sender.principal.kind !== 'client' || sender.principal.organizationId !== institution.organizationId) throw refuse(4, HL7_ERROR.unknownKey, 'MSH-4 is not the institution your client belongs to');
    return { facility, clientId: sender.principal.subject, organizationId: institution.organizationId };
  }
  // On the MLLP link the sender is known by its facility only; its messages count as its first system's.
  const { rows } = await ctx.db.query<{ client_id: string }>(
    `SELECT client_id FROM institution_client WHERE organization_id = $1 AND revoked_at IS NULL ORDER BY created_at, client_id LIMIT 1`,
    [institution.organizationId],
  );
  if (!rows[0]) throw refuse(4, HL7_ERROR.unknownKey, 'The sending institution has no active system registered with Central');
  return { facility, clientId: rows[0].client_id, organizationId: institution.organizationId };
}

/** The feed's refusal, each issue pointed back at the segment its entry came from. */
function problemsOf(outcome: OperationOutcome | null, origins: readonly Hl7Location[]): Hl7Problem[] {
  return (outcome?.issue ?? []).map((issue) => {
    const index = /^Bundle\.entry\[(\d+)\]/.exec(issue.expression?.[0] ?? '')?.[1];
    const location = index === undefined ? undefined : origins[Number(index)];
    return { location: location ?? { segment: 'MSH', sequence: 1 }, code: HL7_ERROR.applicationError, message: issue.details?.text ?? 'Refused' };
  });
}

function acceptedText(view: SubmissionView): string {
  if (view.status === 'received') return `Stored as submission ${view.id}; it is processed as soon as ${view.waitingFor ?? 'Central can'}`;
  const s = view.summary!;
  const base = `Submission ${view.id}: ${s.created} created, ${s.updated} updated, ${s.withdrawn} withdrawn, ${s.unchanged} unchanged`;
  return view.status === 'review' ? `${base}; ${s.held} records wait for a person to confirm whose they are` : base;
}
