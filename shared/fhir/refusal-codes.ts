import type { OperationOutcome } from '@medplum/fhirtypes';
import { RULE_REFUSALS } from '../domain/sick-leave-rules.js';
import { BOOKING_REFUSALS } from './booking-refusal.js';
import { REFUSAL_SYSTEM } from './outcomes.js';
import { SCHEDULING_SYSTEMS } from './scheduling.js';

/**
 * The refusals from Central that reach people, by a stable code (OperationOutcome
 * issue.details.coding, system REFUSAL_SYSTEM): a screen says them in the person's language and
 * falls back to Central's words (details.text) for a code it does not know.
 * - generic ones, by kind: invalid data (validation), login, forbidden (the role matrix),
 *   outside-scope (a patient outside the clinic's scope without a stated reason), not found,
 *   deleted, conflict (a stale edit, a taken id), throttled;
 * - `sick-leave.<rule>`: the Fund's rules (shared/domain/sick-leave-rules.ts RULE_REFUSALS);
 * - `booking.<code>`: a refused booking (booking-refusal.ts, carried under its own system).
 */
export const GENERIC_REFUSALS = ['invalid', 'login', 'forbidden', 'outside-scope', 'not-found', 'deleted', 'conflict', 'throttled'] as const;
export const REFUSAL_CODES = [...GENERIC_REFUSALS, ...RULE_REFUSALS.map((code) => `sick-leave.${code}` as const), ...BOOKING_REFUSALS.map((code) => `booking.${code}` as const)] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/**
 * The generic kind of an issue that carries no code of ours (the FHIR validator's issues, a stale
 * edit built by hand, an older Central), by its FHIR issue code.
 */
const GENERIC_OF_ISSUE: Readonly<Record<string, (typeof GENERIC_REFUSALS)[number]>> = {
  invalid: 'invalid',
  structure: 'invalid',
  required: 'invalid',
  value: 'invalid',
  invariant: 'invalid',
  'code-invalid': 'invalid',
  'business-rule': 'invalid',
  processing: 'invalid',
  login: 'login',
  forbidden: 'forbidden',
  'not-found': 'not-found',
  deleted: 'deleted',
  conflict: 'conflict',
  duplicate: 'conflict',
  throttled: 'throttled',
};

/**
 * The code of the first issue of a refusal: ours, a booking refusal's, or the generic kind of its
 * FHIR issue code; undefined when there is none (the caller shows Central's words). A code this
 * build does not know is returned as it is: the caller looks it up and falls back.
 */
export function refusalCodeOf(outcome: OperationOutcome | undefined): string | undefined {
  const issue = outcome?.issue?.[0];
  if (!issue) return undefined;
  const coding = issue.details?.coding ?? [];
  const ours = coding.find((c) => c.system === REFUSAL_SYSTEM)?.code;
  const booking = coding.find((c) => c.system === SCHEDULING_SYSTEMS.bookingRefusal)?.code;
  if (booking) return `booking.${booking}`;
  if (ours) return ours;
  return Object.hasOwn(GENERIC_OF_ISSUE, issue.code) ? GENERIC_OF_ISSUE[issue.code] : undefined;
}

/** Central's own words for a refusal, every issue joined. */
export function refusalWords(outcome: OperationOutcome | undefined): string {
  return outcome?.issue?.map((issue) => issue.details?.text ?? issue.diagnostics ?? issue.code).join('; ') ?? '';
}
