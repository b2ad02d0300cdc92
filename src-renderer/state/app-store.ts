import { create } from 'zustand';
import type { Language } from '../../shared/api/common.js';
import type { SessionStatus } from '../../shared/api/session.js';

/** Where the user is. A tiny router: the workstation has a handful of screens and no URLs to share. */
export type View =
  | { name: 'day' }
  | { name: 'schedule' }
  | { name: 'search' }
  | { name: 'register' }
  | { name: 'chart'; patientId: string }
  | { name: 'visit'; patientId: string }
  | { name: 'sync' }
  | { name: 'settings' };

/** The chart's sections, in the order of its tabs. */
export const CHART_TABS = ['summary', 'timeline', 'labs', 'studies', 'anamnesis'] as const;
export type ChartTab = (typeof CHART_TABS)[number];

interface AppState {
  session: SessionStatus | null;
  language: Language;
  view: View;
  /** The chart section last looked at: kept while the doctor documents a visit and comes back. */
  chartTab: ChartTab;
  setChartTab(tab: ChartTab): void;
  setSession(session: SessionStatus): void;
  setLanguage(language: Language): void;
  go(view: View): void;
}

const patientOf = (view: View) => ('patientId' in view ? view.patientId : null);

export const useAppStore = create<AppState>((set) => ({
  session: null,
  language: 'ru',
  view: { name: 'day' },
  chartTab: 'summary',
  setChartTab: (chartTab) => set({ chartTab }),
  setSession: (session) => set({ session }),
  setLanguage: (language) => set({ language }),
  // Another patient's chart opens at the summary; the same patient's keeps the section.
  go: (view) => set((state) => ({ view, chartTab: patientOf(view) !== null && patientOf(view) === patientOf(state.view) ? state.chartTab : 'summary' })),
}));
