import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Person } from './pages/person.js';
import { launchChromium } from './support/browser.js';
import { shoot } from './support/screenshots.js';
import { startE2eCentral, type E2eCentral } from './support/central.js';
import { demoPatientsByInstitutions, type DemoPatientPick } from './support/demo-patients.js';
import type { Lang } from './support/i18n.js';
import { startBrowserWorkstation, type BrowserWorkstation } from './support/workstation.js';

/**
 * Every main screen in Russian and in Belarusian at 1366×768, saved under
 * test-results/screenshots/ for a person to look at; each is checked for raw translation keys and
 * page errors on the way.
 */
describe('every main screen, in Russian and Belarusian', () => {
  let central: E2eCentral;
  let room: BrowserWorkstation;
  let browser: Browser;
  let patient: DemoPatientPick;

  beforeAll(async () => {
    central = await startE2eCentral();
    room = await startBrowserWorkstation(central.url, 'Кабинет 203');
    browser = await launchChromium();
    // Histories from more than one institution, with instrumental studies to show.
    patient = demoPatientsByInstitutions(12).filter((p) => p.institutions >= 2 && p.studies > 0)[0]!;
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await room?.close();
    await central?.close();
  });

  it.each(['ru', 'be'] as Lang[])('%s', async (lang) => {
    const doctor = await Person.sitsDownAt(browser, room.url, lang);
    await shoot(doctor.page, lang, 'login');
    await doctor.logsIn('doctor');
    await shoot(doctor.page, lang, 'day');

    await doctor.opens('search');
    await expect
      .poll(async () => {
        await doctor.search.typesQuery(patient.family);
        return doctor.search.result(patient.name).count();
      }, { timeout: 60_000, interval: 1000 })
      .toBe(1);
    await shoot(doctor.page, lang, 'search');
    await doctor.search.opensChartOf(patient.name);
    await expect.poll(() => doctor.chart.patientName().innerText()).toBe(patient.name);
    await shoot(doctor.page, lang, 'chart-summary');
    for (const section of ['timeline', 'labs', 'studies', 'anamnesis'] as const) {
      await doctor.chart.opensSection(section);
      await shoot(doctor.page, lang, `chart-${section}`);
    }
    await doctor.chart.opensSection('labs');
    expect(await doctor.chart.trendChart().count()).toBe(1);

    await doctor.chart.startsDocumentingVisit();
    await doctor.visit.writes('complaints', lang === 'be' ? 'Кашаль, тэмпература 37,8.' : 'Кашель, температура 37,8.');
    await doctor.visit.diagnoses('J20', 'J20.9');
    await shoot(doctor.page, lang, 'visit');

    await doctor.opens('register');
    await doctor.registration.typesPersonalNumber('3191088K745PB');
    await shoot(doctor.page, lang, 'registration');
    await doctor.opens('sync');
    await shoot(doctor.page, lang, 'sync');
    await doctor.opens('settings');
    await shoot(doctor.page, lang, 'settings');
    await doctor.locksTheScreen();
    await shoot(doctor.page, lang, 'lock');
    await doctor.unlocks();
    await doctor.logsOut();
    await doctor.leaves();
  });
});
