import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiCallError } from '../../shared/api/client.js';
import { api } from '../api/client.js';

export type Query<T> =
  | { state: 'loading'; data?: T; reload: () => void }
  | { state: 'error'; error: ApiCallError | Error; data?: T; reload: () => void }
  | { state: 'data'; data: T; reload: () => void };

/**
 * One API read for a component: loading, error and data states, a reload, refetch when main says
 * local data changed (for one patient's data: when that patient's changed), and answers to stale
 * requests dropped (as-you-type search sends many).
 */
const UNSCOPED_REFRESH_MS = 20_000;

export function useApiQuery<T>(fetcher: (() => Promise<T>) | null, deps: readonly unknown[], options: { refreshOnChange?: boolean | { patientId: string } } = {}): Query<T> {
  const [state, setState] = useState<{ state: 'loading' | 'error' | 'data'; data?: T; error?: Error }>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    if (!fetcher) return;
    const request = ++latest.current;
    setState((previous) => ({ state: 'loading', data: previous.data }));
    fetcher().then(
      (data) => request === latest.current && setState({ state: 'data', data }),
      (error: unknown) => request === latest.current && setState((previous) => ({ state: 'error', error: error instanceof Error ? error : new Error(String(error)), data: previous.data })),
    );
  }, [...deps, generation]);

  const scope = options.refreshOnChange;
  const patientId = typeof scope === 'object' ? scope.patientId : null;
  useEffect(() => {
    if (!scope) return;
    let lastUnscoped = 0;
    return api.on('data.changed', ({ patientIds }) => {
      if (patientId === null) return reload();
      if (patientIds?.includes(patientId)) return reload();
      // "Anything may have changed" comes after every sync cycle: re-reading a chart (an audited
      // read) each time would fill the audit trail, so those are followed at most every 20 s.
      if (patientIds === null && Date.now() - lastUnscoped > UNSCOPED_REFRESH_MS) {
        lastUnscoped = Date.now();
        reload();
      }
    });
  }, [Boolean(scope), patientId, reload]);

  if (state.state === 'data') return { state: 'data', data: state.data as T, reload };
  if (state.state === 'error') return { state: 'error', error: state.error!, data: state.data, reload };
  return { state: 'loading', data: state.data, reload };
}

export function errorCode(error: unknown): string {
  return error instanceof ApiCallError ? error.code : 'internal';
}
