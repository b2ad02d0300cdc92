import { useCallback, useState } from 'react';
import type { SickLeaveChangeInput, SickLeaveList, SickLeaveOpenInput } from '../../../shared/api/sick-leave.js';
import { applyOperation, type CertificateStep, type RuleRefusal } from '../../../shared/domain/sick-leave-rules.js';
import { api } from '../../api/client.js';
import { errorCode, useApiQuery } from '../../lib/use-api.js';

export interface SickLeaveError {
  code: string;
  message: string;
  /** A step against the Fund's rules, caught here before it is sent: said in the UI's language. */
  rule?: RuleRefusal;
}

/**
 * A patient's sick-leave certificates (Central asked when it can be reached, else what this
 * workstation last knew) and the steps a doctor takes on them: each is saved here at once and
 * reaches Central with the next sync, so they work offline too. A step is checked by the Fund's
 * rules first, so the doctor reads why in their own language.
 */
export function useSickLeave(patientId: string) {
  const list = useApiQuery<SickLeaveList>(() => api.sickLeave.list({ patientId }), [patientId], { refreshOnChange: { patientId } });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SickLeaveError | null>(null);

  const run = useCallback(
    async (check: () => ReturnType<typeof applyOperation>, step: () => Promise<unknown>): Promise<boolean> => {
      const verdict = check();
      if (!verdict.ok) {
        setError({ code: 'invalid', message: verdict.reason, rule: verdict.code });
        return false;
      }
      setBusy(true);
      setError(null);
      try {
        await step();
        list.reload();
        return true;
      } catch (caught) {
        setError({ code: errorCode(caught), message: caught instanceof Error ? caught.message : String(caught) });
        return false;
      } finally {
        setBusy(false);
      }
    },
    [list.reload],
  );

  const change = (input: SickLeaveChangeInput) => {
    const certificate = list.data?.certificates.find((c) => c.id === input.certificateId);
    const state = certificate ? { status: certificate.status, from: certificate.period.from, to: certificate.period.to } : undefined;
    const step: CertificateStep = input.action === 'extend' ? { kind: 'extend', to: input.to } : input.action === 'close' ? { kind: 'close', returnToWorkOn: input.returnToWorkOn } : { kind: 'cancel' };
    return run(() => applyOperation(state, step), () => api.sickLeave.change(input));
  };

  return {
    list,
    busy,
    error,
    open: (input: SickLeaveOpenInput) => run(() => applyOperation(undefined, { kind: 'open', from: input.from, to: input.to }), () => api.sickLeave.open(input)),
    change,
  };
}
