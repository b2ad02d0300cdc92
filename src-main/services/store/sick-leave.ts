import { randomUUID } from 'node:crypto';
import type { Encounter } from '@medplum/fhirtypes';
import type { StaffUser } from '../../../shared/api/session.js';
import { CentralCertificateListSchema, type SickLeaveCertificate, type SickLeaveChangeInput, type SickLeaveList, type SickLeaveOpenInput } from '../../../shared/api/sick-leave.js';
import { applyOperation } from '../../../shared/domain/sick-leave-rules.js';
import { isOperationOutcomeError } from '../../../shared/fhir/outcomes.js';
import type { SickLeaveArgs } from '../../../shared/sync/sick-leave.js';
import type { LocalStore } from '../../db/local-store.js';
import type { StaffProfile } from '../../db/staff-accounts.js';
import type { CentralCall } from '../../session/central-http.js';
import { CentralUnreachableError } from '../../session/central-http.js';
import { ServiceError } from '../errors.js';
import type { SickLeavePort } from '../ports.js';
import { authorOf } from './author.js';
import { certificatesOf, currentState, stepOf } from './sick-leave-view.js';

/** Long enough for Central on a slow line, short enough that the chart does not wait on a dead one. */
const FETCH_TIMEOUT_MS = 5_000;

/**
 * Sick-leave certificates on the workstation. A step (open, extend, close, cancel) is checked by
 * the Fund's rules against what this workstation knows and queued as a `sick-leave` mutation at
 * once, online or not; the outbox delivers it to Central exactly once. The list asks Central for
 * the patient's certificates (and the Fund's answers) when it can, keeps them in the encrypted
 * store, and shows steps not yet reflected there as pending.
 */
export class StoreSickLeave implements SickLeavePort {
  constructor(
    private readonly deps: {
      store: () => LocalStore;
      now: () => Date;
      call: CentralCall;
      accessToken: () => Promise<string | null>;
      profile: (user: StaffUser) => StaffProfile | null;
      changed: (patientId: string) => void;
    },
  ) {}

  async list(patientId: string): Promise<SickLeaveList> {
    const refreshed = await this.refresh(patientId);
    return { certificates: this.local(patientId), refreshed };
  }

  open(input: SickLeaveOpenInput, user: StaffUser): SickLeaveCertificate {
    const store = this.deps.store();
    if (!store.resources.get('Patient', input.patientId)) throw new ServiceError('not-found', 'No such patient on this workstation', 'patientId');
    if (input.encounterId) {
      const encounter = store.resources.get<Encounter>('Encounter', input.encounterId);
      if (encounter?.subject?.reference !== `Patient/${input.patientId}`) throw new ServiceError('invalid', 'The visit is not one of this patient\'s', 'encounterId');
    }
    const args: SickLeaveArgs = { action: 'open', certificateId: randomUUID(), ...input };
    return this.queue(input.patientId, args, user);
  }

  change(input: SickLeaveChangeInput, user: StaffUser): SickLeaveCertificate {
    const certificate = this.find(input.certificateId);
    if (!certificate) throw new ServiceError('not-found', 'No such sick-leave certificate on this workstation', 'certificateId');
    const { certificateId } = input;
    const args: SickLeaveArgs =
      input.action === 'extend' ? { action: 'extend', certificateId, to: input.to }
      : input.action === 'close' ? { action: 'close', certificateId, returnToWorkOn: input.returnToWorkOn }
      : { action: 'cancel', certificateId, reason: input.reason };
    return this.queue(certificate.patientId, args, user);
  }

  patientOfCertificate(certificateId: string): string | null {
    return this.find(certificateId)?.patientId ?? null;
  }

  private queue(patientId: string, args: SickLeaveArgs, user: StaffUser): SickLeaveCertificate {
    const store = this.deps.store();
    const profile = this.deps.profile(user);
    // Central issues the certificate in the name of the mutation's author: it must name the doctor.
    const author = authorOf(profile) ?? { userId: user.id, display: user.displayName };
    store.transaction(() => {
      const before = currentState(this.local(patientId).find((c) => c.id === args.certificateId));
      const outcome = applyOperation(before, stepOf(args));
      if (!outcome.ok) throw new ServiceError('invalid', outcome.reason, fieldOf(args));
      store.outbox.enqueue('sick-leave', args, null, this.deps.now(), author);
    });
    this.deps.changed(patientId);
    return this.local(patientId).find((c) => c.id === args.certificateId)!;
  }

  private local(patientId: string): SickLeaveCertificate[] {
    const store = this.deps.store();
    return certificatesOf(patientId, store.sickLeave.cached(patientId), store.sickLeave.steps());
  }

  private find(certificateId: string): SickLeaveCertificate | undefined {
    const store = this.deps.store();
    for (const step of store.sickLeave.steps()) {
      const args = step.args as Partial<SickLeaveArgs> | null;
      if (args?.action === 'open' && args.certificateId === certificateId && args.patientId) return this.local(args.patientId).find((c) => c.id === certificateId);
    }
    const patientId = store.sickLeave.patientOf(certificateId);
    return patientId ? this.local(patientId).find((c) => c.id === certificateId) : undefined;
  }

  /** Central's list for the patient, kept here; false when Central cannot be asked now (offline, offline login). */
  private async refresh(patientId: string): Promise<boolean> {
    const token = await this.deps.accessToken();
    if (!token) return false;
    try {
      const { certificates } = await this.deps.call(`/registers/sick-leave?patient=${encodeURIComponent(patientId)}`, { token, schema: CentralCertificateListSchema, timeoutMs: FETCH_TIMEOUT_MS });
      this.deps.store().sickLeave.replaceForPatient(patientId, certificates.map((view) => ({ id: view.id, view })), this.deps.now());
      return true;
    } catch (error) {
      if (error instanceof CentralUnreachableError) return false;
      if (isOperationOutcomeError(error) && (error.status === 401 || error.status === 403)) return false;
      throw error;
    }
  }
}

function fieldOf(args: SickLeaveArgs): string {
  switch (args.action) {
    case 'open':
      return 'to';
    case 'extend':
      return 'to';
    case 'close':
      return 'returnToWorkOn';
    case 'cancel':
      return 'certificateId';
  }
}
