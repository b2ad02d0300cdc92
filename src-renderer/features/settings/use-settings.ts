import { useCallback, useEffect } from 'react';
import { LANGUAGES } from '../../../shared/api/common.js';
import type { Language } from '../../../shared/api/common.js';
import { api } from '../../api/client.js';
import i18n from '../../i18n/index.js';
import { useAppStore } from '../../state/app-store.js';

function apply(language: Language) {
  useAppStore.getState().setLanguage(language);
  void i18n.changeLanguage(language);
  document.documentElement.lang = language;
}

/** Loads the saved language once at start. */
export function useInitialLanguage() {
  useEffect(() => {
    api.settings.get().then((settings) => apply(settings.language), () => {});
  }, []);
}

export function useLanguage(): [Language, (language: Language) => void] {
  const language = useAppStore((s) => s.language);
  const change = useCallback((next: Language) => {
    if (!LANGUAGES.includes(next)) return;
    apply(next);
    void api.settings.set({ language: next }).catch(() => {});
  }, []);
  return [language, change];
}
