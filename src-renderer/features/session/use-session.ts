import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import { errorCode } from '../../lib/use-api.js';
import { useAppStore } from '../../state/app-store.js';

/** Keeps the store's session in step with main: on start, on every change main reports, and now and then (idle lock). */
export function useSessionSync() {
  const setSession = useAppStore((s) => s.setSession);
  useEffect(() => {
    let live = true;
    const refresh = () => void api.session.status().then((status) => live && setSession(status), () => {});
    refresh();
    const stop = api.on('session.changed', (status) => setSession(status));
    const timer = setInterval(refresh, 15_000);
    return () => {
      live = false;
      stop();
      clearInterval(timer);
    };
  }, [setSession]);
}

/** A form action against the session: pending flag and the error code to show. */
export function useSessionAction<A extends unknown[]>(action: (...args: A) => ReturnType<typeof api.session.status>) {
  const setSession = useAppStore((s) => s.setSession);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (...args: A) => {
      setPending(true);
      setError(null);
      try {
        setSession(await action(...args));
      } catch (e) {
        setError(errorCode(e));
      } finally {
        setPending(false);
      }
    },
    [action, setSession],
  );
  return { run, pending, error };
}
