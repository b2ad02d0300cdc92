import { create } from 'zustand';
import type { Language } from '../../shared/api/common.js';
import type { SessionStatus } from '../../shared/api/session.js';

/** Where the user is. A tiny router: the workstation has a handful of screens and no URLs to share. */
export type View =
  | { name: 'day' }
  | { name: 'search' }
  | { name: 'register' }
  | { name: 'chart'; patientId: string }
  | { name: 'visit'; patientId: string }
  | { name: 'sync' }
  | { name: 'settings' };

interface AppState {
  session: SessionStatus | null;
  language: Language;
  view: View;
  setSession(session: SessionStatus): void;
  setLanguage(language: Language): void;
  go(view: View): void;
}

export const useAppStore = create<AppState>((set) => ({
  session: null,
  language: 'ru',
  view: { name: 'day' },
  setSession: (session) => set({ session }),
  setLanguage: (language) => set({ language }),
  go: (view) => set({ view }),
}));
