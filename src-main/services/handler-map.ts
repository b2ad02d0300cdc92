import { API } from '../../shared/api/contract.js';
import { isApiMethod } from '../../shared/api/methods.js';
import type { ApiEvent, ApiMethod } from '../../shared/api/methods.js';
import type { ApiEventPayload, ApiParsedInput } from '../../shared/api/contract.js';
import { err, ok } from '../../shared/api/result.js';
import type { ApiResult } from '../../shared/api/result.js';
import { toApiError } from './errors.js';
import { createHandlers, OPEN_METHODS } from './handlers.js';
import type { Handler } from './handlers.js';
import type { WorkstationPorts } from './ports.js';
import type { StaffUser } from '../../shared/api/session.js';

/**
 * The one entry point both transports call: `call(method, rawInput)`. It checks the method name,
 * the session, parses the input with the method's schema, runs the handler and checks its output
 * against the contract; whatever happens, the answer is an ApiResult, never a throw.
 */
export interface HandlerMap {
  call(method: string, rawInput: unknown): Promise<ApiResult<unknown>>;
  /** Events for the transports to forward to the renderer. Returns the function that stops listening. */
  subscribe(listener: <E extends ApiEvent>(event: E, payload: ApiEventPayload<E>) => void): () => void;
}

/** What a refused call was about to do, and to whose record (null: no patient known here). */
type RefusedAct = { action: 'search' | 'read' | 'create' | 'update'; patientId: string | null };
type RefusedActOf<M extends ApiMethod> = (input: ApiParsedInput<M>, ports: WorkstationPorts) => RefusedAct;

const updateOfAppointment = (input: { appointmentId: string }, ports: WorkstationPorts): RefusedAct => ({ action: 'update', patientId: ports.desk.patientOfAppointment(input.appointmentId) });

/**
 * For the failure event of a refused call: what the method does to whose record. A command that
 * names only an appointment or a certificate finds its patient in the local store (after the act
 * was rolled back, so as it was before the call); one not here names no known patient: no event.
 */
const REFUSED_ACT: { [M in ApiMethod]?: RefusedActOf<M> } = {
  'chart.get': (input) => ({ action: 'read', patientId: input.patientId }),
  'visits.save': (input) => ({ action: input.encounterId ? 'update' : 'create', patientId: input.patientId }),
  'schedule.book': (input) => ({ action: 'create', patientId: input.patientId }),
  'schedule.addWalkIn': (input) => ({ action: 'create', patientId: input.patientId }),
  'schedule.cancel': updateOfAppointment,
  'schedule.reschedule': updateOfAppointment,
  'schedule.mark': updateOfAppointment,
  'schedule.walkInAction': updateOfAppointment,
  'sickLeave.list': (input) => ({ action: 'search', patientId: input.patientId }),
  'sickLeave.open': (input) => ({ action: 'create', patientId: input.patientId }),
  'sickLeave.change': (input, ports) => ({ action: 'update', patientId: ports.sickLeave.patientOfCertificate(input.certificateId) }),
  'schedule.resolveRefusal': (input, ports) => {
    // Booking or moving to an alternative: the refused booking's patient. A dismissal alone touches no record.
    const refusal = input.slotId ? ports.desk.refusals().find((r) => r.id === input.id) : undefined;
    return { action: refusal?.movedAppointmentId ? 'update' : 'create', patientId: refusal?.refusal.patient?.patientId ?? null };
  },
};

export function createHandlerMap(ports: WorkstationPorts, log: (message: string, error: unknown) => void = () => {}): HandlerMap {
  const handlers = createHandlers(ports);
  const listeners = new Set<(event: ApiEvent, payload: unknown) => void>();
  const emit = <E extends ApiEvent>(event: E, payload: ApiEventPayload<E>) => listeners.forEach((listener) => listener(event, payload));
  ports.sync.onChange(({ status, patientIds }) => {
    emit('sync.changed', status);
    emit('data.changed', { patientIds });
  });
  ports.session.onChange?.((status) => emit('session.changed', status));

  async function call(method: string, rawInput: unknown): Promise<ApiResult<unknown>> {
    if (!isApiMethod(method)) return err('invalid', 'Unknown method');
    const session = ports.session.status();
    if (!OPEN_METHODS.has(method)) {
      if (session.state === 'locked') return err('locked', 'The session is locked');
      if (session.state !== 'active' || !session.user) return err('unauthenticated', 'Log in first');
      ports.session.touch();
    }
    const spec = API[method];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || undefined;
      return err('invalid', issue ? `${field ? `${field}: ` : ''}${issue.message}` : 'Invalid input', field);
    }
    try {
      const handler = handlers[method] as Handler<ApiMethod>;
      const value = await handler(parsed.data as never, { user: session.state === 'active' ? session.user : null });
      const checked = spec.output.safeParse(value);
      if (!checked.success) {
        log(`${method}: output does not match the contract`, checked.error);
        return err('internal', 'Internal error in the workstation service');
      }
      // A session that reports its own changes does so once; others are reported after each session call.
      if (method.startsWith('session.') && !ports.session.onChange) emit('session.changed', ports.session.status());
      return ok(checked.data);
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.code === 'internal') log(`${method} failed`, error);
      recordRefusal(method, parsed.data, session.state === 'active' ? session.user : null);
      return { ok: false, error: apiError };
    }
  }

  /**
   * A call about a known patient that failed after its input was valid (a role refusal, a rule or
   * a taken slot) leaves one AuditEvent with a failure outcome, as Central records one
   * (src-server/fhir/http.ts recordFailedAccess). The act's own transaction was rolled back; this
   * is a transaction of its own. When the trail itself is what failed, there is nothing to add.
   */
  function recordRefusal(method: ApiMethod, input: unknown, user: StaffUser | null): void {
    const refusedAct = REFUSED_ACT[method] as RefusedActOf<ApiMethod> | undefined;
    if (!refusedAct || !user) return;
    try {
      const { action, patientId } = refusedAct(input as never, ports);
      if (patientId) ports.atomically(() => ports.audit.record({ action, user, patientId, outcome: 'failure' }));
    } catch (error) {
      log(`${method}: the failure could not be recorded`, error);
    }
  }

  return {
    call,
    subscribe(listener) {
      const wrapped = listener as (event: ApiEvent, payload: unknown) => void;
      listeners.add(wrapped);
      return () => listeners.delete(wrapped);
    },
  };
}
