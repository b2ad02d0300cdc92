import { MAX_PERIOD_DAYS, MAX_TOTAL_DAYS, RULE_REFUSALS } from '../../../shared/domain/sick-leave-rules.js';
import { BOOKING_REFUSALS } from '../../../shared/fhir/booking-refusal.js';
import { GENERIC_REFUSALS } from '../../../shared/fhir/refusal-codes.js';

type Translate = (key: string, options?: Record<string, unknown>) => string;

const within = (list: readonly string[], code: string, prefix: string) => code.startsWith(prefix) && list.includes(code.slice(prefix.length));

/**
 * Where the UI keeps the words of a refusal code from Central (shared/fhir/refusal-codes.ts), and
 * what they need filled in; undefined for a code this build does not know.
 */
export function refusalKeyOf(code: string): { key: string; params?: Record<string, unknown> } | undefined {
  if ((GENERIC_REFUSALS as readonly string[]).includes(code)) return { key: `refusals.${code}` };
  if (within(RULE_REFUSALS, code, 'sick-leave.')) return { key: `sickLeave.rule.${code.slice('sick-leave.'.length)}`, params: { period: MAX_PERIOD_DAYS, total: MAX_TOTAL_DAYS } };
  if (within(BOOKING_REFUSALS, code, 'booking.')) return { key: `schedule.refusal.code.${code.slice('booking.'.length)}` };
  return undefined;
}

/** A refusal in the person's language; Central's own words when it has no code this build knows. */
export function refusalMessage(t: Translate, code: string | null | undefined, centralWords: string): string {
  const known = code ? refusalKeyOf(code) : undefined;
  return known ? t(known.key, known.params) : centralWords;
}

/** Whether Central's own words add to the translated ones: a generic kind names no field or rule. */
export function showsCentralWords(code: string | null | undefined): boolean {
  return code ? (GENERIC_REFUSALS as readonly string[]).includes(code) : false;
}

/** The refusal in one line: the person's language, with Central's words after a generic kind. */
export function refusalLine(t: Translate, code: string | null | undefined, centralWords: string): string {
  const message = refusalMessage(t, code, centralWords);
  return showsCentralWords(code) && centralWords ? `${message} (${centralWords})` : message;
}
