import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { be } from './be.js';
import { en } from './en.js';
import { ru } from './ru.js';

/**
 * The UI's languages: Russian by default, Belarusian, English. Every key exists in all three (a unit
 * test checks it); values are shown as text by React, so nothing is escaped here.
 */
export const MESSAGES = { ru, be, en } as const;

void i18n.use(initReactI18next).init({
  resources: { ru: { translation: ru }, be: { translation: be }, en: { translation: en } },
  lng: 'ru',
  fallbackLng: 'ru',
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

export default i18n;
