import { useCallback, useEffect, useState } from 'react';
import type { DeskRefusal } from '../../../shared/api/schedule-desk.js';
import { api } from '../../api/client.js';
import { errorCode, useApiQuery } from '../../lib/use-api.js';
import { useScheduleStore, type Whose } from './schedule-store.js';

/** The clinic's schedules; the first specialty is chosen when nothing is yet. */
export function useDirectory() {
  const directory = useApiQuery(() => api.schedule.directory(), [], { refreshOnChange: true });
  const whose = useScheduleStore((s) => s.whose);
  const setWhose = useScheduleStore((s) => s.setWhose);
  useEffect(() => {
    const data = directory.data;
    if (whose || !data) return;
    // The specialty with the most doctors (the therapists, in a polyclinic) is where most visits are booked.
    const size = (code: string) => data.schedules.filter((s) => s.specialty?.code === code).length;
    const busiest = [...data.specialties].sort((a, b) => size(b.code) - size(a.code))[0];
    const first: Whose | null = busiest ? { specialty: busiest.code } : data.schedules[0] ? { scheduleId: data.schedules[0].scheduleId } : null;
    if (first) setWhose(first);
  }, [directory.data, whose, setWhose]);
  return directory;
}

/** The day or week on screen, refreshed whenever local data changes (a pull, a refusal, a booking elsewhere). */
export function useScheduleView() {
  const whose = useScheduleStore((s) => s.whose);
  const date = useScheduleStore((s) => s.date);
  const mode = useScheduleStore((s) => s.mode);
  const key = whose ? JSON.stringify(whose) : null;
  return useApiQuery(whose ? () => api.schedule.view({ ...whose, from: date, days: mode === 'day' ? 1 : 7 }) : null, [key, date, mode], { refreshOnChange: true });
}

/**
 * Bookings Central refused, fetched again whenever the sync status changes (a push answered): the
 * registrar learns at once, whatever screen is open.
 */
export function useRefusals() {
  const [items, setItems] = useState<DeskRefusal[]>([]);
  const reload = useCallback(() => void api.schedule.refusals().then((r) => setItems(r.items), () => {}), []);
  useEffect(() => {
    reload();
    const stopSync = api.on('sync.changed', reload);
    const stopData = api.on('data.changed', reload);
    return () => {
      stopSync();
      stopData();
    };
  }, [reload]);
  return { items, reload };
}

/** A command of the desk: runs once at a time, keeps the error code to show, calls back with the answer. */
export function useCommand<I, O>(run: (input: I) => Promise<O>, onDone?: (output: O) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const execute = useCallback(
    async (input: I) => {
      setBusy(true);
      setError(null);
      try {
        const output = await run(input);
        onDone?.(output);
        return output;
      } catch (e) {
        setError({ code: errorCode(e), message: e instanceof Error ? e.message : String(e) });
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [run, onDone],
  );
  return { execute, busy, error };
}
