import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { be } from './be.js';
import { en } from './en.js';
import { ru } from './ru.js';
import { be as scheduleBe } from './schedule/be.js';
import { en as scheduleEn } from './schedule/en.js';
import { ru as scheduleRu } from './schedule/ru.js';
import { SCHEDULE_ADMIN_MESSAGES } from './schedule-admin/ru.js';
import { REFUSAL_MESSAGES } from './refusals/ru.js';

/**
 * The UI's languages: Russian by default, Belarusian, English. Every key exists in all three (a unit
 * test checks it); values are shown as text by React, so nothing is escaped here.
 */
export const MESSAGES = {
  ru: { ...ru, schedule: scheduleRu, scheduleAdmin: SCHEDULE_ADMIN_MESSAGES.ru, refusals: REFUSAL_MESSAGES.ru },
  be: { ...be, schedule: scheduleBe, scheduleAdmin: SCHEDULE_ADMIN_MESSAGES.be, refusals: REFUSAL_MESSAGES.be },
  en: { ...en, schedule: scheduleEn, scheduleAdmin: SCHEDULE_ADMIN_MESSAGES.en, refusals: REFUSAL_MESSAGES.en },
} as const;

void i18n.use(initReactI18next).init({
  resources: { ru: { translation: MESSAGES.ru }, be: { translation: MESSAGES.be }, en: { translation: MESSAGES.en } },
  lng: 'ru',
  fallbackLng: 'ru',
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

export default i18n;
