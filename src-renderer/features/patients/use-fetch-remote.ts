import { useCallback, useState } from 'react';
import { api } from '../../api/client.js';
import { errorCode } from '../../lib/use-api.js';

/** Fetching the record of a patient outside the clinic's scope from Central, with the reason the audit trail keeps. */
export function useFetchRemote(onFetched: (patientId: string) => void) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fetchRecord = useCallback(
    async (personalNumber: string, reason: string) => {
      setPending(true);
      setError(null);
      try {
        const { patient } = await api.patients.fetchRemote({ personalNumber, reason });
        onFetched(patient.id);
      } catch (e) {
        setError(errorCode(e));
      } finally {
        setPending(false);
      }
    },
    [onFetched],
  );
  return { fetchRecord, pending, error };
}
