import { useCallback, useEffect, useState } from 'react';
import type { SyncStatus } from '../../../shared/api/sync.js';
import { api } from '../../api/client.js';
import { errorCode } from '../../lib/use-api.js';

/** The sync status, kept current by main's events, with a slow poll as a fallback. */
export function useSyncStatus(): SyncStatus | null {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let live = true;
    const refresh = () => void api.sync.status().then((s) => live && setStatus(s), () => {});
    refresh();
    const stop = api.on('sync.changed', setStatus);
    const timer = setInterval(refresh, 10_000);
    return () => {
      live = false;
      stop();
      clearInterval(timer);
    };
  }, []);
  return status;
}

/** A person's decision on one inbox item, with the error to show if main refuses it. */
export function useResolve(id: string, onResolved: () => void) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const resolve = useCallback(
    async (choice: 'keep-local' | 'keep-central' | 'dismiss') => {
      setPending(true);
      setError(null);
      try {
        await api.inbox.resolve({ id, choice });
        onResolved();
      } catch (e) {
        setError(errorCode(e));
      } finally {
        setPending(false);
      }
    },
    [id, onResolved],
  );
  return { resolve, pending, error };
}
