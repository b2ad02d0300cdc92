import { useCallback, useState } from 'react';
import type { SickLeaveChangeInput, SickLeaveList, SickLeaveOpenInput } from '../../../shared/api/sick-leave.js';
import { api } from '../../api/client.js';
import { errorCode, useApiQuery } from '../../lib/use-api.js';

/**
 * A patient's sick-leave certificates (Central asked when it can be reached, else what this
 * workstation last knew) and the steps a doctor takes on them: each is saved here at once and
 * reaches Central with the next sync, so they work offline too.
 */
export function useSickLeave(patientId: string) {
  const list = useApiQuery<SickLeaveList>(() => api.sickLeave.list({ patientId }), [patientId], { refreshOnChange: { patientId } });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);

  const run = useCallback(
    async (step: () => Promise<unknown>): Promise<boolean> => {
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

  return {
    list,
    busy,
    error,
    open: (input: SickLeaveOpenInput) => run(() => api.sickLeave.open(input)),
    change: (input: SickLeaveChangeInput) => run(() => api.sickLeave.change(input)),
  };
}
