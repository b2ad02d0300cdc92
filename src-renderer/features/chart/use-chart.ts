import { useMemo, useState } from 'react';
import type { ChartView, EncounterKind, TimelineEntry } from '../../../shared/api/chart-method.js';
import { ENCOUNTER_KINDS } from '../../../shared/api/chart-method.js';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../lib/use-api.js';

/** The chart of one patient, refetched when main reports that local data changed (a pull, a visit saved). */
export function useChart(patientId: string) {
  return useApiQuery<ChartView>(() => api.chart.get({ patientId }), [patientId], { refreshOnChange: { patientId } });
}

/**
 * The timeline's filter by kind of encounter: every kind shown at first; counts per kind so the
 * doctor sees at once that there were, say, two inpatient stays.
 */
export function useTimelineFilter(entries: readonly TimelineEntry[]) {
  const [hidden, setHidden] = useState<ReadonlySet<EncounterKind>>(new Set());
  const counts = useMemo(() => {
    const byKind = new Map<EncounterKind, number>();
    for (const entry of entries) byKind.set(entry.kind, (byKind.get(entry.kind) ?? 0) + 1);
    return ENCOUNTER_KINDS.filter((kind) => byKind.has(kind)).map((kind) => ({ kind, count: byKind.get(kind)! }));
  }, [entries]);
  const visible = useMemo(() => entries.filter((entry) => !hidden.has(entry.kind)), [entries, hidden]);
  const toggle = (kind: EncounterKind) =>
    setHidden((current) => {
      const next = new Set(current);
      if (next.has(kind)) next.delete(kind);
      else next.add(kind);
      return next;
    });
  const showOnly = (kind: EncounterKind | null) => setHidden(kind === null ? new Set() : new Set(ENCOUNTER_KINDS.filter((k) => k !== kind)));
  return { counts, visible, isShown: (kind: EncounterKind) => !hidden.has(kind), toggle, showOnly };
}
