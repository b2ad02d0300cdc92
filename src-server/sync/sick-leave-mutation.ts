import { forbidden } from '../../shared/fhir/outcomes.js';
import type { Mutation } from '../../shared/sync/protocol.js';
import type { Queryable } from '../db/database.js';
import { changeCertificateIn, openCertificateIn, type Issuer } from '../registers/social-fund/certificates.js';
import type { SyncCaller } from './access.js';

type SickLeaveMutation = Extract<Mutation, { kind: 'sick-leave' }>;

/**
 * A sick-leave step made at a workstation, applied inside the push transaction by the same code as
 * the REST routes: checked by the Fund's rules, stored, and queued for the Fund with it. The issuer
 * is the doctor who made it there (the mutation's author), in the caller's organisation: the
 * workstation may push it later under its own token or another person's session.
 */
export async function applySickLeave(tx: Queryable, caller: SyncCaller, mutation: SickLeaveMutation, now: Date): Promise<void> {
  const issuer = issuerOf(caller, mutation);
  const args = mutation.args;
  switch (args.action) {
    case 'open': {
      const { certificateId, action: _action, ...input } = args;
      return openCertificateIn(tx, issuer, certificateId, input, now);
    }
    case 'extend':
      return changeCertificateIn(tx, issuer, args.certificateId, { kind: 'extend', to: args.to }, now);
    case 'close':
      return changeCertificateIn(tx, issuer, args.certificateId, { kind: 'close', returnToWorkOn: args.returnToWorkOn }, now);
    case 'cancel':
      return changeCertificateIn(tx, issuer, args.certificateId, { kind: 'cancel', reason: args.reason }, now);
  }
}

function issuerOf(caller: SyncCaller, mutation: SickLeaveMutation): Issuer {
  const { principal } = caller;
  if (mutation.author) return { organizationId: caller.organizationId, subject: mutation.author.userId, display: mutation.author.display ?? mutation.author.userId };
  // Without an author only a doctor's own session can stand for the issuer; a device token cannot.
  if (caller.device || principal.kind !== 'user') throw forbidden('A sick-leave certificate needs the doctor who issued it (the mutation has no author)');
  return { organizationId: caller.organizationId, subject: principal.subject, display: principal.display };
}
