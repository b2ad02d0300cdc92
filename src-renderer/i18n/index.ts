import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { be } from './be.js';
import { en } from './en.js';
import { ru } from './ru.js';
import { SCHEDULE_MESSAGES } from './schedule.js';
import { SCHEDULE_ADMIN_MESSAGES } from './schedule-admin.js';

/**
 * The UI's languages: Russian by default, Belarusian, English. Every key exists in all three (a unit
 * test checks it); values are shown as text by React, so nothing is escaped here.
 */
export const MESSAGES = {
  ru: { ...ru, schedule: SCHEDULE_MESSAGES.ru, scheduleAdmin: SCHEDULE_ADMIN_MESSAGES.ru },
  be: { ...be, schedule: SCHEDULE_MESSAGES.be, scheduleAdmin: SCHEDULE_ADMIN_MESSAGES.be },
  en: { ...en, schedule: SCHEDULE_MESSAGES.en, scheduleAdmin: SCHEDULE_ADMIN_MESSAGES.en },
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
