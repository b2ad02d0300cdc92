import { startHttpSimulator, type RunningSimulator, type SimulatorOptions } from '../simulator/http-simulator.js';
import { FundOperationSchema, type FundOperation } from './fund.js';
import { applyOperation, type CertificateState } from './rules.js';

/**
 * The Social Protection Fund played locally over HTTP:
 *   PUT /certificates/{certificateId}/operations/{operationId}  body: an operation
 *     → 200 { operationId, certificateNumber, status, from, to, acceptedAt } | 422 { operationId, refused }
 *   GET /certificates/{certificateId} → 200 the Fund's view of the certificate | 404
 * An operation id seen before gets the first answer again and changes nothing: the Fund does not
 * know whether an earlier answer reached the caller.
 */
export interface FundCertificate extends CertificateState {
  certificateId: string;
  certificateNumber: string;
  personalNumber: string;
  /** Operations applied, in order (each id once). */
  operations: { operationId: string; kind: FundOperation['kind'] }[];
}

export interface SocialFundSimulator extends RunningSimulator {
  certificates: Map<string, FundCertificate>;
  /** How many times each operation id was received (resends included); each was applied once. */
  received: Map<string, number>;
}

export async function startSocialFundSimulator(options: SimulatorOptions & { now?: () => Date } = {}): Promise<SocialFundSimulator> {
  const now = options.now ?? (() => new Date());
  const certificates = new Map<string, FundCertificate>();
  const answers = new Map<string, { status: number; body: unknown }>();
  const received = new Map<string, number>();
  let issued = 0;

  const running = await startHttpSimulator((request) => {
    const [resource, certificateId, sub, operationId] = request.segments;
    if (resource !== 'certificates' || !certificateId) return { status: 404, body: { error: 'No such route' } };
    if (request.method === 'GET' && request.segments.length === 2) {
      const found = certificates.get(certificateId);
      return found ? { status: 200, body: found } : { status: 404, body: { error: 'No such certificate' } };
    }
    if (request.method !== 'PUT' || sub !== 'operations' || !operationId || request.segments.length !== 4) return { status: 404, body: { error: 'No such route' } };
    received.set(operationId, (received.get(operationId) ?? 0) + 1);
    const previous = answers.get(operationId);
    if (previous) return previous;
    const parsed = FundOperationSchema.safeParse(request.body);
    if (!parsed.success) return { status: 400, body: { error: 'The operation is malformed' } };
    const answer = apply(certificateId, operationId, parsed.data);
    answers.set(operationId, answer);
    return answer;
  }, options);

  function apply(certificateId: string, operationId: string, operation: FundOperation): { status: number; body: unknown } {
    const existing = certificates.get(certificateId);
    const outcome = applyOperation(existing, operation);
    if (!outcome.ok) return { status: 422, body: { operationId, refused: outcome.reason } };
    const acceptedAt = now().toISOString();
    const certificate: FundCertificate = existing
      ? { ...existing, ...outcome.state }
      : {
          certificateId,
          certificateNumber: `ЭЛН-${acceptedAt.slice(0, 4)}-${String(++issued).padStart(6, '0')}`,
          personalNumber: operation.kind === 'open' ? operation.personalNumber : '',
          operations: [],
          ...outcome.state,
        };
    certificate.operations = [...certificate.operations, { operationId, kind: operation.kind }];
    certificates.set(certificateId, certificate);
    const { certificateNumber, status, from, to } = certificate;
    return { status: 200, body: { operationId, certificateNumber, status, from, to, acceptedAt } };
  }

  return { ...running, certificates, received };
}
