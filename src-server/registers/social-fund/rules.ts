/**
 * The Fund's rules for sick-leave certificates. They live in shared/domain so the workstation checks
 * a step it queues offline by the same rules Central and the Fund apply.
 */
export { applyOperation, daysIncluded, MAX_PERIOD_DAYS, MAX_TOTAL_DAYS, type CertificateState, type RuleOutcome } from '../../../shared/domain/sick-leave-rules.js';
