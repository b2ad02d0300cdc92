/**
 * The rules a sick-leave certificate follows, step by step. The Fund enforces them (Central's
 * simulator uses this file as the Fund's rules), Central checks them before queueing an operation,
 * and the workstation checks them before queueing a step offline, so a doctor hears at once about
 * a mistake instead of hours later when the Fund refuses it.
 *
 * A period (the first, or one extension) covers at most 30 days, a certificate at most 120 days
 * in all (longer needs a medical commission, outside this system); an extension follows on from
 * the current end; a certificate is closed by the day the person returns to work.
 */
export const MAX_PERIOD_DAYS = 30;
export const MAX_TOTAL_DAYS = 120;

export const SICK_LEAVE_REASONS = ['disease', 'injury', 'care', 'quarantine'] as const;
export type SickLeaveReason = (typeof SICK_LEAVE_REASONS)[number];

export interface CertificateState {
  status: 'open' | 'closed' | 'cancelled';
  from: string;
  to: string;
}

/** The part of a step the rules look at (the Fund's operation carries more: who, for whom). */
export type CertificateStep =
  | { kind: 'open'; from: string; to: string }
  | { kind: 'extend'; to: string }
  | { kind: 'close'; returnToWorkOn: string }
  | { kind: 'cancel' };

/** Why a step is refused, for a screen to say in its own language; `reason` is the Fund's wording. */
export const RULE_REFUSALS = ['already-open', 'ends-before-start', 'period-too-long', 'no-certificate', 'not-open', 'extension-not-later', 'total-too-long', 'return-too-early', 'return-too-late'] as const;
export type RuleRefusal = (typeof RULE_REFUSALS)[number];

export type RuleOutcome = { ok: true; state: CertificateState } | { ok: false; reason: string; code: RuleRefusal };

const DAY = 86_400_000;
/** Days from `from` to `to`, both included. */
export const daysIncluded = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY) + 1;
const dayBefore = (date: string) => new Date(Date.parse(date) - DAY).toISOString().slice(0, 10);

export function applyOperation(state: CertificateState | undefined, operation: CertificateStep): RuleOutcome {
  const refuse = (code: RuleRefusal, reason: string): RuleOutcome => ({ ok: false, code, reason });
  if (operation.kind === 'open') {
    if (state) return refuse('already-open', 'The certificate is already open');
    if (operation.to < operation.from) return refuse('ends-before-start', 'The period ends before it starts');
    if (daysIncluded(operation.from, operation.to) > MAX_PERIOD_DAYS) return refuse('period-too-long', `A period covers at most ${MAX_PERIOD_DAYS} days`);
    return { ok: true, state: { status: 'open', from: operation.from, to: operation.to } };
  }
  if (!state) return refuse('no-certificate', 'There is no such certificate');
  if (state.status !== 'open') return refuse('not-open', `The certificate is ${state.status}`);
  switch (operation.kind) {
    case 'extend':
      if (operation.to <= state.to) return refuse('extension-not-later', 'An extension must end after the current period');
      if (daysIncluded(state.to, operation.to) - 1 > MAX_PERIOD_DAYS) return refuse('period-too-long', `A period covers at most ${MAX_PERIOD_DAYS} days`);
      if (daysIncluded(state.from, operation.to) > MAX_TOTAL_DAYS) return refuse('total-too-long', `A certificate covers at most ${MAX_TOTAL_DAYS} days; a longer one needs a medical commission`);
      return { ok: true, state: { ...state, to: operation.to } };
    case 'close':
      if (operation.returnToWorkOn <= state.from) return refuse('return-too-early', 'The return to work must come after the first day of the certificate');
      if (dayBefore(operation.returnToWorkOn) > state.to) return refuse('return-too-late', 'The return to work is later than the day after the certificate ends; extend it first');
      return { ok: true, state: { ...state, status: 'closed', to: dayBefore(operation.returnToWorkOn) } };
    case 'cancel':
      return { ok: true, state: { ...state, status: 'cancelled' } };
  }
}
