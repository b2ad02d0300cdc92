import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../../shared/api/sync.js';
import { api } from '../../api/client.js';

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
