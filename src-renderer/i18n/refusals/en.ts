import type { Messages } from '../messages.js';

/**
 * English: Central's generic refusals (shared/fhir/refusal-codes.ts GENERIC_REFUSALS), the `refusals` group,
 * merged into en.ts by index.ts; sick-leave rules and booking refusals keep their words where their screens
 * have them (sickLeave.rule, schedule.refusal.code). features/sync/refusal-text.ts picks the key.
 */
export const en: Messages = {
  invalid: 'Central did not accept the data: something in it is filled in wrongly.',
  login: 'Log in again: the session has ended.',
  forbidden: 'Your role is not allowed to do this.',
  'outside-scope': 'The patient is outside your clinic: open their record with a stated reason (emergency access) first.',
  'not-found': 'Central has no such record.',
  deleted: 'The record was deleted at Central.',
  conflict: 'The record differs from Central’s: it was changed or created elsewhere.',
  throttled: 'Too many attempts: try again later.',
  centralWords: 'Central’s answer',
};
