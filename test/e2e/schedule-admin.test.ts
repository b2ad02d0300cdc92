import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Person } from './pages/person.js';
import { ScheduleScreen } from './pages/schedule.js';
import { launchChromium } from './support/browser.js';
import { tr } from './support/i18n.js';
import { shoot } from './support/screenshots.js';
import { startE2eCentral, type E2eCentral } from './support/central.js';
import { startBrowserWorkstation, type BrowserWorkstation } from './support/workstation.js';

/**
 * The clinic administrator at the registration desk's workstation sets doctors' schedules at
 * Central: two weeks off for a doctor sends that doctor's bookings to the registrars' list to
 * rebook, with the patients' phones; a schedule for a doctor who had none, refused first for bad
 * hours, reaches the registrar's day and week after sync. In Russian, and the new schedule's form in
 * Belarusian.
 */
describe('a clinic administrator sets doctors\' schedules; the registrar sees what changed', () => {
  let central: E2eCentral;
  let workstation: BrowserWorkstation;
  let browser: Browser;
  let person: Person;
  let schedule: ScheduleScreen;

  beforeAll(async () => {
    central = await startE2eCentral();
    workstation = await startBrowserWorkstation(central.url, 'Регистратура, окно 1');
    browser = await launchChromium();
    person = await Person.sitsDownAt(browser, workstation.url);
    schedule = new ScheduleScreen(person.page, 'ru');
    // The registrar has been booking visits for the coming days, so the schedule stays on a working
    // day ahead: a new schedule's slots start from now, and the current week may have none left.
    await person.logsIn('registrar');
    await schedule.opens();
    await schedule.movesToFirstDoctorsFreeSlot(2);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await workstation?.close();
    await central?.close();
  });

  it('a clinic administrator gives a doctor two weeks off; the registrar sees the bookings to rebook with the phones', async () => {
    const page = person.page;
    const nav = page.getByRole('navigation', { name: person.t('nav.label') });
    await person.logsOut();
    await person.logsIn('admin');
    await nav.getByRole('button', { name: person.t('schedule.title') }).click();
    await page.getByRole('tab', { name: person.t('schedule.tabs.define') }).click();
    const save = page.getByRole('button', { name: person.t('scheduleAdmin.save') });
    await save.waitFor();
    await shoot(page, 'ru', 'schedule-define');
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString('ru-RU', { timeZone: 'Europe/Minsk' });
    await page.getByRole('button', { name: person.t('scheduleAdmin.addAbsence') }).click();
    await page.getByLabel(person.t('scheduleAdmin.from')).last().fill(day(0));
    await page.getByLabel(person.t('scheduleAdmin.to')).last().fill(day(13));
    await page.getByLabel(person.t('scheduleAdmin.to')).last().press('Tab');
    await save.click();
    const saved = page.getByRole('status').filter({ hasText: /версия 2/ });
    await saved.waitFor({ timeout: 60_000 });
    expect(await saved.innerText()).toMatch(/переданы в список на перезапись|передана в список на перезапись/);
    await saved.scrollIntoViewIfNeeded();
    await shoot(page, 'ru', 'schedule-define-saved');

    await person.logsOut();
    await person.logsIn('registrar');
    await nav.getByRole('button', { name: person.t('schedule.title') }).click();
    expect(await page.getByRole('tab', { name: person.t('schedule.tabs.define') }).count()).toBe(0);
    await page.getByRole('tab', { name: person.t('schedule.tabs.rebook') }).click();
    const rows = page.getByRole('region', { name: person.t('scheduleAdmin.rebook.title') }).locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.first().innerText()).toMatch(/\+375/);
    await shoot(page, 'ru', 'schedule-rebook');
  });

  it('a clinic administrator creates a schedule for a doctor who has none; after sync the registrar sees it in the day and the week', async () => {
    const page = person.page;
    const t = person.t.bind(person);
    const nav = page.getByRole('navigation', { name: t('nav.label') });
    const form = page.getByRole('form', { name: t('scheduleAdmin.newTitle') });
    const startsNew = async (lang: 'ru' | 'be') => {
      await page.getByRole('button', { name: tr(lang, 'scheduleAdmin.newSchedule') }).click();
      const doctor = page.getByRole('form', { name: tr(lang, 'scheduleAdmin.newTitle') }).getByLabel(tr(lang, 'scheduleAdmin.doctor'));
      // The radiologist works in the X-ray room and has no schedule yet.
      const option = doctor.locator('option', { hasText: /рэнтгенолаг|рентгенолог/ }).first();
      await doctor.selectOption((await option.getAttribute('value'))!);
      return (await option.innerText()).split(' — ')[0]!.trim();
    };
    await person.logsOut();
    await person.logsIn('admin');

    // In Belarusian first, as the administrator may work in it.
    await person.opens('settings');
    await page.getByLabel(t('settings.language')).selectOption('be');
    await page.getByRole('navigation', { name: tr('be', 'nav.label') }).getByRole('button', { name: tr('be', 'schedule.title') }).click();
    await page.getByRole('tab', { name: tr('be', 'schedule.tabs.define') }).click();
    await startsNew('be');
    await shoot(page, 'be', 'schedule-define-new');
    await page.getByRole('button', { name: tr('be', 'scheduleAdmin.cancelNew') }).click();
    await page.getByRole('navigation', { name: tr('be', 'nav.label') }).getByRole('button', { name: tr('be', 'nav.settings') }).click();
    await page.getByLabel(tr('be', 'settings.language')).selectOption('ru');

    await nav.getByRole('button', { name: t('schedule.title') }).click();
    await page.getByRole('tab', { name: t('schedule.tabs.define') }).click();
    const doctorName = await startsNew('ru');
    // The place comes from the doctor's role, chosen by name, not typed as a code.
    const place = form.getByLabel(t('scheduleAdmin.location'));
    expect(await place.locator('option:checked').innerText()).toMatch(/рентген/i);
    await shoot(page, 'ru', 'schedule-define-new');

    // Bad hours are refused before anything reaches Central, naming the row and the field.
    const mondayEnd = form.getByLabel(t('scheduleAdmin.end'), { exact: true }).first();
    await mondayEnd.fill('8:00');
    await form.getByRole('button', { name: t('scheduleAdmin.create') }).click();
    const refusal = form.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain(`${t('scheduleAdmin.hours')}, ${t('scheduleAdmin.weekdays.1')} 08:00–8:00, «${t('scheduleAdmin.end')}»: ${t('scheduleAdmin.problem.time')}`);
    await refusal.scrollIntoViewIfNeeded();
    await shoot(page, 'ru', 'schedule-define-invalid');
    await mondayEnd.fill('14:00');
    await form.getByRole('button', { name: t('scheduleAdmin.create') }).click();
    const created = page.getByRole('status').filter({ hasText: doctorName });
    await created.waitFor({ timeout: 60_000 });
    expect(await created.innerText()).toMatch(/создано, слотов: \d+/);
    await page.getByText(t('scheduleAdmin.version', { version: 1 })).waitFor();
    await page.evaluate(() => document.querySelector('.content')?.scrollTo(0, 0));
    await shoot(page, 'ru', 'schedule-define-created');

    await person.logsOut();
    await person.logsIn('registrar');
    await person.opens('sync');
    await page.getByRole('button', { name: t('sync.now') }).click();
    await schedule.opens();
    await schedule.opensTab('grid');
    const whose = page.getByLabel(t('schedule.whose'));
    const mine = whose.locator('option', { hasText: doctorName });
    await expect.poll(() => mine.count(), { timeout: 30_000 }).toBe(1);
    await whose.selectOption((await mine.getAttribute('value'))!);
    await schedule.showsWeek();
    await expect.poll(() => schedule.grid().locator('[data-slot]').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await shoot(page, 'ru', 'schedule-new-week');
    await schedule.showsDay();
  });
});
