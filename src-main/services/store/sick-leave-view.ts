import type { CentralCertificate, SickLeaveCertificate } from '../../../shared/api/sick-leave.js';
import { CentralCertificateSchema } from '../../../shared/api/sick-leave.js';
import { refusalCodeOf } from '../../../shared/fhir/refusal-codes.js';
import { applyOperation, type CertificateState, type CertificateStep } from '../../../shared/domain/sick-leave-rules.js';
import { sickLeaveArgsSchema, type SickLeaveArgs } from '../../../shared/sync/sick-leave.js';
import type { CachedCertificate, SickLeaveStepRow } from '../../db/sick-leave.js';

/** A step as the fold reads it: parsed, with its outbox status. */
interface Step {
  args: SickLeaveArgs;
  status: SickLeaveStepRow['status'];
  createdAt: string;
  refusal: string | null;
  refusalCode: string | null;
}

/**
 * The certificates of one patient as the doctor sees them here: Central's view as last fetched,
 * with the steps made on this workstation that view cannot reflect yet (still in the outbox, or
 * sent after it was fetched) applied on top by the Fund's rules. A step Central refused counts
 * for nothing, and marks the certificate refused while its inbox item is open.
 */
export function certificatesOf(patientId: string, cached: readonly CachedCertificate[], rows: readonly SickLeaveStepRow[]): SickLeaveCertificate[] {
  const steps = rows.flatMap((row): Step[] => {
    const parsed = sickLeaveArgsSchema.safeParse(row.args);
    return parsed.success ? [{ args: parsed.data, status: row.status, createdAt: row.createdAt, refusal: row.refusal ? outcomeText(row.refusal) : null, refusalCode: refusalCodeOf(row.refusal ?? undefined) ?? null }] : [];
  });
  const views = new Map<string, { view: CentralCertificate; fetchedAt: string }>();
  for (const entry of cached) {
    const parsed = CentralCertificateSchema.safeParse(entry.view);
    if (parsed.success) views.set(entry.id, { view: parsed.data, fetchedAt: entry.fetchedAt });
  }
  const ids = new Set(views.keys());
  for (const step of steps) if (step.args.action === 'open' && step.args.patientId === patientId) ids.add(step.args.certificateId);
  const result: SickLeaveCertificate[] = [];
  for (const id of ids) {
    const view = certificateView(id, views.get(id), steps.filter((step) => step.args.certificateId === id));
    if (view) result.push(view);
  }
  return result.sort((a, b) => (a.period.from === b.period.from ? a.id.localeCompare(b.id) : b.period.from.localeCompare(a.period.from)));
}

/** The state this workstation would leave the certificate in, to check a new step against. */
export function currentState(certificate: SickLeaveCertificate | undefined): CertificateState | undefined {
  return certificate ? { status: certificate.status, from: certificate.period.from, to: certificate.period.to } : undefined;
}

export function stepOf(args: SickLeaveArgs): CertificateStep {
  switch (args.action) {
    case 'open':
      return { kind: 'open', from: args.from, to: args.to };
    case 'extend':
      return { kind: 'extend', to: args.to };
    case 'close':
      return { kind: 'close', returnToWorkOn: args.returnToWorkOn };
    case 'cancel':
      return { kind: 'cancel' };
  }
}

function certificateView(id: string, central: { view: CentralCertificate; fetchedAt: string } | undefined, steps: readonly Step[]): SickLeaveCertificate | null {
  // Steps Central's view does not show yet: all of them without a view, else those made after it was fetched.
  const unseen = steps.filter((step) => step.status === 'pending' || (step.status === 'applied' && (!central || step.createdAt > central.fetchedAt)));
  const opened = steps.find((step) => step.args.action === 'open')?.args;
  const base = central?.view ?? (opened?.action === 'open' ? opened : undefined);
  if (!base) return null;
  let state: CertificateState | undefined = central ? { status: central.view.status, from: central.view.period.from, to: central.view.period.to } : undefined;
  for (const step of unseen) {
    const outcome = applyOperation(state, stepOf(step.args));
    if (outcome.ok) state = outcome.state;
  }
  const refused = steps.find((step) => step.status === 'rejected' && step.refusal !== null);
  // A certificate whose open Central refused exists nowhere but here: shown with its refusal until dismissed.
  if (!state) {
    if (!refused || opened?.action !== 'open') return null;
    state = { status: 'open', from: opened.from, to: opened.to };
  }
  const pendingSteps = steps.filter((step) => step.status === 'pending').map((step) => step.args.action);
  const fund = central?.view.fund;
  const stateName: SickLeaveCertificate['state'] =
    pendingSteps.length > 0 ? 'pending'
    : refused ? 'refused'
    : !fund || unseen.length > 0 ? 'sent'
    : fund.status === 'confirmed' ? 'accepted'
    : fund.status === 'refused' ? 'refused'
    : 'sent';
  return {
    id,
    patientId: base.patientId,
    encounterId: base.encounterId ?? null,
    reason: base.reason,
    diagnosis: base.diagnosis,
    status: state.status,
    period: { from: state.from, to: state.to },
    state: stateName,
    certificateNumber: fund?.certificateNumber ?? null,
    message: refused?.refusal ?? (stateName === 'refused' ? (fund?.message ?? null) : null),
    messageCode: refused?.refusalCode ?? null,
    pendingSteps,
    asOf: central?.fetchedAt ?? null,
  };
}

function outcomeText(outcome: { issue?: { details?: { text?: string }; diagnostics?: string }[] }): string {
  return outcome.issue?.map((issue) => issue.details?.text ?? issue.diagnostics).filter(Boolean).join('; ') || 'Refused by Central';
}
