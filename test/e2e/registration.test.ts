import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson, UNREGISTERED_FROM } from '../../src-server/demo/people.js';
import { makePersonalNumber } from '../../shared/domain/personal-number.js';
import { Person } from './pages/person.js';
import { launchChromium, pageErrors } from './support/browser.js';
import { shoot } from './support/screenshots.js';
import { startE2eCentral, type E2eCentral } from './support/central.js';
import { startBrowserWorkstation, type BrowserWorkstation } from './support/workstation.js';

/**
 * The registration desk: a person the population register knows and Central does not comes in,
 * the registrar registers them from the register and finds them; a second registration of the
 * same number is impossible; with the network down registration still works and the register
 * check waits.
 */
describe('a registrar registers patients', () => {
  let central: E2eCentral;
  let desk: BrowserWorkstation;
  let browser: Browser;
  let registrar: Person;

  beforeAll(async () => {
    central = await startE2eCentral();
    desk = await startBrowserWorkstation(central.url, 'Регистратура, окно 1');
    browser = await launchChromium();
    registrar = await Person.sitsDownAt(browser, desk.url);
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
});
