import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { be } from './be.js';
import { en } from './en.js';
import { ru } from './ru.js';
import { be as scheduleBe } from './schedule/be.js';
import { en as scheduleEn } from './schedule/en.js';
import { ru as scheduleRu } from './schedule/ru.js';
import { be as scheduleAdminBe } from './schedule-admin/be.js';
import { en as scheduleAdminEn } from './schedule-admin/en.js';
import { ru as scheduleAdminRu } from './schedule-admin/ru.js';
import { be as refusalsBe } from './refusals/be.js';
import { en as refusalsEn } from './refusals/en.js';
import { ru as refusalsRu } from './refusals/ru.js';

/**
 * The UI's languages: Russian by default, Belarusian, English. Every key exists in all three (a unit
 * test checks it); values are shown as text by React, so nothing is escaped here.
 */
export const MESSAGES = {
  ru: { ...ru, schedule: scheduleRu, scheduleAdmin: scheduleAdminRu, refusals: refusalsRu },
  be: { ...be, schedule: scheduleBe, scheduleAdmin: scheduleAdminBe, refusals: refusalsBe },
  en: { ...en, schedule: scheduleEn, scheduleAdmin: scheduleAdminEn, refusals: refusalsEn },
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
