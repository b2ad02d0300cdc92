import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../../shared/api/common.js';
import type { Language } from '../../../shared/api/common.js';
import { useLanguage } from './use-settings.js';

/** Each language named in itself, so a reader finds theirs whatever is on screen now. */
const NATIVE_NAMES: Record<Language, string> = { ru: 'Русский', be: 'Беларуская', en: 'English' };

export function LanguageSwitch() {
  const { t } = useTranslation();
  const [language, setLanguage] = useLanguage();
  return (
    <label className="language-switch">
      {t('settings.language')}
      <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
        {LANGUAGES.map((code) => (
          <option key={code} value={code}>
            {NATIVE_NAMES[code]}
          </option>
        ))}
      </select>
    </label>
  );
}
