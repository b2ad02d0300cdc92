import type { StaffUser } from '../../../shared/api/session.js';
import type { LocalStore } from '../../db/local-store.js';
import type { AuditPort } from '../ports.js';
import { balpAuditEvent, type AuditAction, type AuditContext, type AuditOutcome } from './audit-event.js';

/**
 * Every chart opening and search is recorded here first, in the local trail; the sync engine
 * moves undelivered events into the outbox as `audit` mutations (src-main/sync/push.ts), so they
 * reach Central like any other change whenever the network allows, once each.
 */
export class StoreAudit implements AuditPort {
  constructor(
    private readonly deps: {
      store: () => LocalStore;
      now: () => Date;
      /** Who and where, for the user making the call (null when nobody is logged in: nothing to record). */
      context: (user: StaffUser) => AuditContext | null;
    },
  ) {}

  record(event: { action: AuditAction; user: StaffUser; patientId?: string; query?: string; breakGlassReason?: string; outcome?: AuditOutcome }): void {
    const context = this.deps.context(event.user);
    if (!context) return;
    const now = this.deps.now();
    const auditEvent = balpAuditEvent(context, event, now);
    this.deps.store().audit.record(auditEvent);
  }
}
