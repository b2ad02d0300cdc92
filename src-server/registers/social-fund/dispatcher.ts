import type { CentralContext } from '../../context.js';
import { RegisterUnavailableError } from '../http-json.js';
import type { SocialFund } from './fund.js';
import { claimDueOperations, postpone, recordAnswer } from './outbox.js';

export interface DispatchReport {
  accepted: number;
  refused: number;
  /** Sends that failed for now (the Fund down or slow); they stay in the outbox. */
  postponed: number;
}

/**
 * Sends what is due in the sick-leave outbox until nothing is due. One operation at a time per
 * certificate, in order; a failure to reach the Fund postpones the operation with a growing wait,
 * and only an answer from the Fund (accepted or refused) takes it out of the outbox.
 */
export async function dispatchSickLeave(ctx: CentralContext, fund: SocialFund, options: { now?: Date; batch?: number } = {}): Promise<DispatchReport> {
  const report: DispatchReport = { accepted: 0, refused: 0, postponed: 0 };
  for (;;) {
    // A postponed operation is not due again before its wait is over, so this loop ends.
    const due = await claimDueOperations(ctx.db, options.now ?? ctx.now(), options.batch ?? 20);
    if (due.length === 0) return report;
    for (const op of due) {
      try {
        const answer = await fund.submit(op.certificateId, op.id, op.payload);
        await recordAnswer(ctx.db, op, answer, options.now ?? ctx.now());
        if (answer.accepted) report.accepted++;
        else report.refused++;
      } catch (error) {
        if (!(error instanceof RegisterUnavailableError)) throw error;
        await postpone(ctx.db, op, error.message, options.now ?? ctx.now());
        report.postponed++;
      }
    }
  }
}
