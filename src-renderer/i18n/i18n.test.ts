/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { ANAMNESIS_KINDS, ENCOUNTER_KINDS, LabValueSchema, NOTE_SECTIONS, AllergySchema, VaccinationDoseSchema } from '../../shared/api/chart-method.js';
import { SexSchema } from '../../shared/api/patients.js';
import { API_EVENTS } from '../../shared/api/methods.js';
import { API_ERROR_CODES } from '../../shared/api/result.js';
import { APPOINTMENT_STATUSES } from '../../shared/api/schedule-views.js';
import { InboxItemSchema } from '../../shared/api/sync.js';
import { BOOKING_REFUSALS } from '../../shared/fhir/booking-refusal.js';
import { STAFF_ROLES } from '../../shared/domain/roles.js';
import { NATIONAL_CALENDAR } from '../../shared/domain/vaccination-calendar.js';
import { CHART_TABS } from '../state/app-store.js';
import { MESSAGES } from './index.js';
import type { Messages } from './messages.js';

const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}
const flat = Object.fromEntries(Object.entries(MESSAGES).map(([lang, m]) => [lang, flatten(m)])) as Record<keyof typeof MESSAGES, Map<string, string>>;
const baseKeys = (lang: keyof typeof MESSAGES) => new Set([...flat[lang].keys()].map((k) => k.replace(PLURAL, '')));
const variables = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
const has = (lang: keyof typeof MESSAGES, key: string) => baseKeys(lang).has(key);

/** The renderer's sources, as text: every key a screen names must exist. */
const SOURCES = import.meta.glob(['../**/*.tsx', '../**/*.ts', '!../**/*.test.ts', '!../i18n/**'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const NAMESPACES = Object.keys(MESSAGES.ru);

describe('translations', () => {
  it('have the same keys in Russian, Belarusian and English', () => {
    const ru = [...baseKeys('ru')].sort();
    expect([...baseKeys('be')].sort()).toEqual(ru);
    expect([...baseKeys('en')].sort()).toEqual(ru);
  });

  it('have every plural form each language needs', () => {
    for (const lang of Object.keys(MESSAGES) as (keyof typeof MESSAGES)[]) {
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      const plurals = new Set([...flat[lang].keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
      const missing = [...plurals].flatMap((base) => categories.filter((c) => !flat[lang].has(`${base}_${c}`)).map((c) => `${lang}: ${base}_${c}`));
      expect(missing).toEqual([]);
    }
  });

  it('use the same placeholders in every language', () => {
    const differing: string[] = [];
    for (const [key, text] of flat.ru) {
      const base = key.replace(PLURAL, '');
      for (const lang of ['be', 'en'] as const) {
        const other = flat[lang].get(key) ?? flat[lang].get(`${base}_other`);
        if (other !== undefined && variables(other).join() !== variables(text).join()) differing.push(`${lang}: ${key}`);
      }
    }
    expect(differing).toEqual([]);
  });

  it('contain every key written in the screens', () => {
    expect(Object.keys(SOURCES).length).toBeGreaterThan(20);
    const pattern = new RegExp(`'((?:${NAMESPACES.join('|')})\\.[A-Za-z0-9.-]+)'`, 'g');
    const used = new Set<string>();
    for (const text of Object.values(SOURCES)) for (const match of text.matchAll(pattern)) used.add(match[1]!);
    // Event names share the look of keys but are not texts.
    for (const event of API_EVENTS) used.delete(event);
    expect(used.size).toBeGreaterThan(150);
    const missing = [...used].filter((key) => !(['ru', 'be', 'en'] as const).every((lang) => has(lang, key)));
    expect(missing).toEqual([]);
  });

  it('contain every key the screens build from the contract’s values', () => {
    const families: [string, readonly string[]][] = [
      ['errors', API_ERROR_CODES],
      ['login.errors', ['unauthenticated', 'unavailable', 'forbidden']],
      ['remote.errors', ['not-found', 'unavailable', 'forbidden']],
      ['roles', STAFF_ROLES],
      ['sex', SexSchema.options],
      ['encounterKinds', ENCOUNTER_KINDS],
      ['institutionKinds', ['state', 'private', 'laboratory', 'hospital', 'ambulance']],
      ['anamnesisKinds', ANAMNESIS_KINDS],
      ['noteSections', NOTE_SECTIONS],
      ['doseStates', VaccinationDoseSchema.shape.state.options],
      ['labFlags', LabValueSchema.shape.flag.unwrap().options],
      ['allergyStatus', AllergySchema.shape.status.options],
      ['chart.tabs', CHART_TABS],
      ['sync.kind', InboxItemSchema.shape.kind.options],
      ['vaccineSeries', NATIONAL_CALENDAR.map((series) => series.code)],
      ['register.numberProblems', ['length', 'format', 'check-digit', 'date']],
      ['schedule.status', APPOINTMENT_STATUSES],
      ['schedule.refusal.code', BOOKING_REFUSALS],
      ['schedule.preventive.reason', ['never-examined', 'interval-elapsed', 'up-to-date', 'under-age']],
      ['schedule.tabs', ['grid', 'walk-ins', 'preventive']],
      ['encounterStatus', ['planned', 'arrived', 'triaged', 'in-progress', 'onleave', 'finished', 'cancelled', 'entered-in-error', 'unknown']],
    ];
    const missing = families.flatMap(([prefix, values]) => values.flatMap((value) => (['ru', 'be', 'en'] as const).filter((lang) => !has(lang, `${prefix}.${value}`)).map((lang) => `${lang}: ${prefix}.${value}`)));
    expect(missing).toEqual([]);
  });

  it('never leave a text empty, nor Russian in the English texts', () => {
    const empty = (['ru', 'be', 'en'] as const).flatMap((lang) => [...flat[lang]].filter(([, v]) => !v.trim()).map(([k]) => `${lang}: ${k}`));
    expect(empty).toEqual([]);
    // English must not carry Cyrillic except where the UI shows a Russian example of input.
    const cyrillicInEnglish = [...flat.en].filter(([k, v]) => /[А-Яа-яЁёІіЎў]/.test(v) && k !== 'visit.diagnosisPlaceholder').map(([k]) => k);
    expect(cyrillicInEnglish).toEqual([]);
  });
});
