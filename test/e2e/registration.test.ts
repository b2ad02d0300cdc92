import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson, UNREGISTERED_FROM } from '../../src-server/demo/people.js';
import { makePersonalNumber } from '../../shared/domain/personal-number.js';
import { Person } from './pages/person.js';
import { ScheduleScreen } from './pages/schedule.js';
import { launchChromium, pageErrors } from './support/browser.js';
import { tr } from './support/i18n.js';
import { shoot } from './support/screenshots.js';
import { DEMO_PASSWORD, startE2eCentral, type E2eCentral } from './support/central.js';
import { demoPatientsByInstitutions, type DemoPatientPick } from './support/demo-patients.js';
import { startBrowserWorkstation, type BrowserWorkstation } from './support/workstation.js';

/**
 * The registration desk: a person the population register knows and Central does not comes in,
 * the registrar registers them from the register and finds them; a second registration of the
 * same number is impossible; with the network down registration still works and the register
 * check waits. Then the schedule (one Central for both, the suite's time being counted): the
 * registrar books while Central is down, meanwhile a patient takes the same time through the
 * cabinet, and on reconnecting the registrar sees Central's refusal at once, with the patient's
 * phone and the nearest free times, and books one with a key; the day and the week in Russian and
 * Belarusian.
 */
describe('a registrar registers patients and books their visits', () => {
  let central: E2eCentral;
  let desk: BrowserWorkstation;
  let browser: Browser;
  let registrar: Person;
  let schedule: ScheduleScreen;
  let patient: DemoPatientPick;
  let cabinet: { personalNumber: string; name: string };

  beforeAll(async () => {
    central = await startE2eCentral();
    desk = await startBrowserWorkstation(central.url, 'Регистратура, окно 1');
    browser = await launchChromium();
    registrar = await Person.sitsDownAt(browser, desk.url);
    schedule = new ScheduleScreen(registrar.page, 'ru');
    const accounts = central.running().startup.demo!.cabinet;
    patient = demoPatientsByInstitutions(12).find((p) => !accounts.some((a) => a.personalNumber === p.personalNumber))!;
    cabinet = accounts[0]!;
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await desk?.close();
    await central?.close();
  });

  it('registers a person from the population register and finds them', async () => {
    await shoot(registrar.page, 'ru', 'login');
    await registrar.logsIn('registrar');
    const person = demoPerson(UNREGISTERED_FROM + 7);
    await registrar.opens('register');
    await registrar.registration.typesPersonalNumber(person.personalNumber.slice(0, 13) + ((Number(person.personalNumber[13]) + 1) % 10));
    await expect.poll(() => registrar.registration.numberHint().innerText()).toBe(registrar.t('register.numberProblems.check-digit'));
    await registrar.registration.typesPersonalNumber(person.personalNumber);
    await registrar.registration.looksUpInPopulationRegister();
    await expect.poll(() => registrar.registration.outcome().innerText()).toBe(registrar.t('register.found'));
    expect(await registrar.registration.field('patient.family').inputValue()).toBe(person.family);
    expect(await registrar.registration.field('patient.given').inputValue()).toBe(person.given);
    expect(await registrar.registration.field('patient.birthDate').inputValue()).toBe(person.birthDate.split('-').reverse().join('.'));
    await shoot(registrar.page, 'ru', 'registration');
    await registrar.registration.registers();
    expect(await registrar.page.getByText(registrar.t('register.confirmed')).count()).toBe(1);

    await registrar.opens('search');
    await registrar.search.typesQuery(person.family.slice(0, 4));
    const name = [person.family, person.given, person.patronymic].filter(Boolean).join(' ');
    await registrar.search.result(name).waitFor();
    await shoot(registrar.page, 'ru', 'search');
  });

  it('cannot register the same person twice', async () => {
    const person = demoPerson(UNREGISTERED_FROM + 7);
    await registrar.opens('register');
    await registrar.registration.typesPersonalNumber(person.personalNumber);
    await registrar.registration.looksUpInPopulationRegister();
    await expect.poll(() => registrar.registration.alreadyRegisteredNotice().innerText()).toContain(person.family);
    expect(await registrar.page.getByRole('button', { name: registrar.t('register.save') }).count()).toBe(0);
  });

  it('registers from the document while the network is down, the register check left for later', async () => {
    const person = demoPerson(UNREGISTERED_FROM + 8);
    desk.network.cut();
    try {
      await registrar.opens('register');
      await registrar.registration.typesPersonalNumber(person.personalNumber);
      await registrar.registration.looksUpInPopulationRegister();
      await expect.poll(() => registrar.registration.outcome().innerText()).toBe(registrar.t('register.offline'));
      // Birth date and sex come from the number itself.
      expect(await registrar.registration.field('patient.birthDate').inputValue()).toBe(person.birthDate.split('-').reverse().join('.'));
      await registrar.registration.field('patient.family').fill(person.family);
      await registrar.registration.field('patient.given').fill(person.given);
      await registrar.registration.registers();
      expect(await registrar.page.getByText(registrar.t('register.pendingCheck')).count()).toBe(1);
    } finally {
      desk.network.restore();
    }
    await registrar.opens('search');
    await registrar.search.typesQuery(person.personalNumber);
    await registrar.search.result(person.family).waitFor();
  });

  it('shows a name carrying markup and script as plain text, running nothing', async () => {
    const number = makePersonalNumber('1990-05-05', 'female', 'H', 901);
    const family = '<img src=x onerror="alert(1)">Ковалёва';
    const given = '<script>alert(2)</script>Анна';
    await registrar.opens('register');
    await registrar.registration.typesPersonalNumber(number);
    await registrar.registration.looksUpInPopulationRegister();
    await expect.poll(() => registrar.registration.outcome().innerText()).toBe(registrar.t('register.notFound'));
    await registrar.registration.field('patient.family').fill(family);
    await registrar.registration.field('patient.given').fill(given);
    await registrar.registration.registers();
    await registrar.opens('search');
    await registrar.search.typesQuery(number);
    const row = registrar.search.result('Ковалёва');
    await row.waitFor();
    expect(await row.getByRole('button').first().innerText()).toBe(`${family} ${given}`);
    expect(await registrar.page.locator('img, script:not([src])').count()).toBe(0);
    expect(pageErrors(registrar.page)).toEqual([]);
  });

  it('shows the day and the week of the polyclinic', async () => {
    await schedule.opens();
    await schedule.selected().waitFor();
    await shoot(registrar.page, 'ru', 'schedule-day');
    await schedule.showsWeek();
    await shoot(registrar.page, 'ru', 'schedule-week');
    await schedule.showsDay();
    await schedule.opensTab('walk-ins');
    await registrar.page.getByRole('region', { name: registrar.t('schedule.walkIns.title') }).waitFor();
    await shoot(registrar.page, 'ru', 'schedule-walk-ins');
    await schedule.opensTab('preventive');
    await registrar.page.getByRole('region', { name: registrar.t('schedule.preventive.title') }).waitFor();
    await shoot(registrar.page, 'ru', 'schedule-preventive');
    await schedule.opensTab('grid');
  });

  it('books with Central stopped; the cabinet takes the time; on reconnecting the refusal shows with the phone and alternatives', async () => {
    const slotId = await schedule.movesToFirstDoctorsFreeSlot(2);

    const phone = (await centralPhoneOf(patient.personalNumber))!;
    await central.stop();
    await schedule.startsBookingFor(patient.family, patient.name);
    await shoot(registrar.page, 'ru', 'schedule-booking');
    await schedule.confirmsBooking();
    const row = schedule.row(slotId);
    await expect.poll(() => row.innerText()).toContain(patient.name);
    expect(await row.innerText()).toContain(registrar.t('schedule.pending'));
    expect(await row.innerText()).toContain(phone);

    // Central comes back while this workstation is still cut off; the patient books the same time online.
    desk.network.cut();
    await central.start();
    const token = await cabinetLogin(cabinet.personalNumber);
    const booked = await fetch(`${central.url}/cabinet/appointments`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ slotId }) });
    expect(booked.status).toBe(201);

    desk.network.restore();
    const refusal = schedule.refusal();
    await refusal.waitFor({ timeout: 30_000 });
    const text = await refusal.innerText();
    expect(text).toContain(registrar.t('schedule.refusal.code.slot-taken'));
    expect(text).toContain(patient.name);
    expect(text).toContain(phone);
    expect(await schedule.alternatives().count()).toBeGreaterThan(0);
    await shoot(registrar.page, 'ru', 'schedule-refusal');
    // The refused booking is gone: the time shows the cabinet's patient, nothing pending.
    await expect.poll(() => row.innerText()).not.toContain(patient.name);

    const first = (await schedule.alternatives().first().innerText()).replace(/^1\s*/, '');
    await registrar.page.keyboard.press('1');
    await refusal.waitFor({ state: 'detached' });
    const rebooked = schedule.grid().locator('[data-slot]').filter({ hasText: patient.name });
    await expect.poll(() => rebooked.count(), { timeout: 15_000 }).toBe(1);
    expect(first).toContain((await rebooked.locator('td').first().innerText()).trim());
    // Central confirms it: the mark "awaiting confirmation" goes.
    await expect.poll(() => rebooked.innerText(), { timeout: 30_000 }).not.toContain(registrar.t('schedule.pending'));
  });

  it('moves that booking while cut off; the cabinet takes the new time; the refusal keeps the earlier time, and an alternative moves it', async () => {
    const booked = schedule.grid().locator('[data-slot]').filter({ hasText: patient.name });
    await expect.poll(() => booked.count()).toBe(1);
    const earlier = { slotId: (await booked.getAttribute('data-slot'))!, time: (await booked.locator('td').first().innerText()).trim() };
    // The demo patient has other visits booked too; this one is found by its time.
    const before = await centralBookingsOf(patient.personalNumber);
    const booking = before.find((b) => b.slotId === earlier.slotId)!;
    expect(booking.status).toBe('booked');
    const phone = (await centralPhoneOf(patient.personalNumber))!;

    desk.network.cut();
    await booked.click();
    await registrar.page.keyboard.press('3');
    await registrar.page.getByRole('status').filter({ hasText: registrar.t('schedule.moving', { name: patient.name }) }).waitFor();
    const target = await schedule.movesToFreeOrdinarySlot();
    await schedule.confirmsMove();
    await expect.poll(() => schedule.row(target).innerText()).toContain(patient.name);
    expect(await schedule.row(target).innerText()).toContain(registrar.t('schedule.pending'));
    const targetTime = (await schedule.row(target).locator('td').first().innerText()).trim();

    // Another patient takes the same new time through the cabinet before the workstation is back.
    expect(await cabinetBooks(cabinet.personalNumber, target)).toBe(201);

    desk.network.restore();
    const refusal = schedule.refusal();
    await refusal.waitFor({ timeout: 30_000 });
    const text = await refusal.innerText();
    expect(text).toContain(registrar.t('schedule.refusal.code.slot-taken'));
    expect(await refusal.getByRole('heading', { level: 2 }).innerText()).toBe(registrar.t('schedule.refusal.moveTitle'));
    expect(text).toMatch(textPattern('ru', 'schedule.refusal.moveAttempted', { when: `\\d{2}\\.\\d{2}\\.\\d{4}, ${targetTime}`, who: '.+' }));
    expect(text).toMatch(keptSentence('ru', earlier.time));
    expect(text).toContain(patient.name);
    expect(text).toContain(phone);
    expect(await schedule.alternatives().count()).toBeGreaterThan(0);
    // Central's version puts the booking back: the earlier time shows the patient, the new one the cabinet's.
    await expect.poll(() => schedule.row(target).innerText()).not.toContain(patient.name);
    expect(await schedule.row(earlier.slotId).innerText()).toContain(patient.name);
    await shoot(registrar.page, 'ru', 'schedule-move-refused');

    const first = (await schedule.alternatives().first().innerText()).replace(/^1\s*/, '');
    await registrar.page.keyboard.press('1');
    await refusal.waitFor({ state: 'detached' });
    // Pending, the chosen time shows the patient and the earlier one still holds them; once Central confirms, one row.
    const settled = async () => (await booked.count()) === 1 && !(await booked.innerText()).includes(registrar.t('schedule.pending')) && (await booked.getAttribute('data-slot')) !== earlier.slotId;
    await expect.poll(settled, { timeout: 30_000 }).toBe(true);
    const moved = { slotId: (await booked.getAttribute('data-slot'))!, time: (await booked.locator('td').first().innerText()).trim() };
    expect(moved.slotId).not.toBe(target);
    expect(first).toContain(moved.time);
    await shoot(registrar.page, 'ru', 'schedule-move-resolved');

    // At Central: the same appointment, now at the chosen time only; the patient's other bookings as they were.
    const after = await centralBookingsOf(patient.personalNumber);
    const others = (list: typeof before) => list.filter((b) => b.appointmentId !== booking.appointmentId);
    expect(after.filter((b) => b.appointmentId === booking.appointmentId)).toEqual([{ ...booking, slotId: moved.slotId }]);
    expect(after.filter((b) => b.slotId === earlier.slotId || b.slotId === target)).toEqual([]);
    expect(others(after)).toEqual(others(before));
  });

  it('in Belarusian', async () => {
    await registrar.opens('settings');
    await registrar.page.getByLabel(registrar.t('settings.language')).selectOption('be');
    const belarusian = new ScheduleScreen(registrar.page, 'be');
    await belarusian.opens();
    await belarusian.selected().waitFor();
    await shoot(registrar.page, 'be', 'schedule-day');
    await belarusian.showsWeek();
    await shoot(registrar.page, 'be', 'schedule-week');
    await belarusian.showsDay();

    // A move refused while the desk speaks Belarusian; the registrar will call the patient, who keeps their time.
    const booked = belarusian.grid().locator('[data-slot]').filter({ hasText: patient.name });
    await expect.poll(() => booked.count()).toBe(1);
    const kept = { slotId: (await booked.getAttribute('data-slot'))!, time: (await booked.locator('td').first().innerText()).trim() };
    desk.network.cut();
    await booked.click();
    await registrar.page.keyboard.press('3');
    const target = await belarusian.movesToFreeOrdinarySlot();
    await belarusian.confirmsMove();
    await expect.poll(() => belarusian.row(target).innerText()).toContain(patient.name);
    expect(await cabinetBooks(cabinet.personalNumber, target)).toBe(201);
    desk.network.restore();
    const refusal = belarusian.refusal();
    await refusal.waitFor({ timeout: 30_000 });
    const text = await refusal.innerText();
    expect(text).toContain(tr('be', 'schedule.refusal.code.slot-taken'));
    expect(text).toMatch(keptSentence('be', kept.time));
    await expect.poll(() => belarusian.row(target).innerText()).not.toContain(patient.name);
    await shoot(registrar.page, 'be', 'schedule-move-refused');
    await refusal.getByRole('button', { name: tr('be', 'schedule.refusal.later') }).click();
    await refusal.waitFor({ state: 'detached' });
    expect(await booked.getAttribute('data-slot')).toBe(kept.slotId);

    await registrar.page.getByRole('navigation', { name: tr('be', 'nav.label') }).getByRole('button', { name: tr('be', 'nav.settings') }).click();
    await registrar.page.getByLabel(tr('be', 'settings.language')).selectOption('ru');
  });

  /** The cabinet's patient books a slot online; the answer's status. */
  async function cabinetBooks(personalNumber: string, slotId: string): Promise<number> {
    const token = await cabinetLogin(personalNumber);
    const response = await fetch(`${central.url}/cabinet/appointments`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ slotId }) });
    return response.status;
  }

  /** A text with its values matched by the patterns given (the rest literally). */
  function textPattern(lang: 'ru' | 'be', key: string, patterns: Record<string, string>): RegExp {
    const marked = tr(lang, key, Object.fromEntries(Object.keys(patterns).map((name) => [name, `\u0000${name}\u0000`])));
    return new RegExp(marked.split('\u0000').map((part, i) => (i % 2 ? patterns[part]! : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join(''));
  }

  /** "…still booked at <date>, <time>. …" of a refused move. */
  function keptSentence(lang: 'ru' | 'be', time: string): RegExp {
    return textPattern(lang, 'schedule.refusal.moveKeptAt', { kept: `\\d{2}\\.\\d{2}\\.\\d{4}, ${time}` });
  }

  async function cabinetLogin(personalNumber: string): Promise<string> {
    const response = await fetch(`${central.url}/auth/patient-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personalNumber, password: DEMO_PASSWORD }) });
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  /** The patient's active bookings in Central's ledger, with their Appointment's status. */
  async function centralBookingsOf(personalNumber: string): Promise<{ appointmentId: string; slotId: string; status: string }[]> {
    const { rows } = await central.running().ctx.db.query<{ appointmentId: string; slotId: string; status: string }>(
      `SELECT b.appointment_id AS "appointmentId", b.slot_id AS "slotId", a.content->>'status' AS status
         FROM slot_booking b JOIN resource p ON p.resource_type = 'Patient' AND p.id = b.patient_id
         LEFT JOIN resource a ON a.resource_type = 'Appointment' AND a.id = b.appointment_id
        WHERE b.released_at IS NULL AND p.content->'identifier' @> jsonb_build_array(jsonb_build_object('value', $1::text))
        ORDER BY b.slot_id`,
      [personalNumber],
    );
    return rows;
  }

  async function centralPhoneOf(personalNumber: string): Promise<string | undefined> {
    const { rows } = await central.running().ctx.db.query<{ phone: string }>(
      `SELECT t->>'value' AS phone FROM resource, jsonb_array_elements(content->'telecom') t WHERE resource_type = 'Patient' AND content->'identifier' @> jsonb_build_array(jsonb_build_object('value', $1::text)) AND t->>'system' = 'phone'`,
      [personalNumber],
    );
    return rows[0]?.phone;
  }
});
