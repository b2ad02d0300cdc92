import type { Browser, Page } from 'playwright-core';
import { openScreen } from '../support/browser.js';
import { DEMO_PASSWORD } from '../support/central.js';
import { tr, type Lang } from '../support/i18n.js';
import { ChartScreen } from './chart.js';
import { RegistrationScreen } from './registration.js';
import { SearchScreen } from './search.js';
import { SyncScreen } from './sync.js';
import { VisitScreen } from './visit.js';

type Section = 'day' | 'search' | 'register' | 'sync' | 'settings';

/**
 * Someone at a workstation: their screen and what they do on it, in words of the UI they read.
 * Screens are page objects; nothing here knows a CSS class.
 */
export class Person {
  readonly registration: RegistrationScreen;
  readonly search: SearchScreen;
  readonly chart: ChartScreen;
  readonly visit: VisitScreen;
  readonly sync: SyncScreen;

  private constructor(
    readonly page: Page,
    readonly lang: Lang,
  ) {
    this.registration = new RegistrationScreen(page, lang);
    this.search = new SearchScreen(page, lang);
    this.chart = new ChartScreen(page, lang);
    this.visit = new VisitScreen(page, lang);
    this.sync = new SyncScreen(page, lang);
  }

  static async sitsDownAt(browser: Browser, workstationUrl: string, lang: Lang = 'ru'): Promise<Person> {
    const person = new Person(await openScreen(browser, workstationUrl), lang);
    await person.page.getByRole('heading', { name: tr('ru', 'login.title') }).or(person.page.getByRole('heading', { name: tr(lang, 'login.title') })).waitFor();
    if (lang !== 'ru') await person.page.getByLabel(tr('ru', 'settings.language')).selectOption(lang);
    await person.page.getByRole('heading', { name: tr(lang, 'login.title') }).waitFor();
    return person;
  }

  t(key: string, values?: Record<string, string | number>): string {
    return tr(this.lang, key, values);
  }

  async logsIn(username: string, password = DEMO_PASSWORD): Promise<void> {
    await this.page.getByLabel(this.t('login.username')).fill(username);
    await this.page.getByLabel(this.t('login.password')).fill(password);
    await this.page.getByRole('button', { name: this.t('login.submit') }).click();
    await this.page.getByRole('navigation', { name: this.t('nav.label') }).waitFor();
  }

  async opens(section: Section): Promise<void> {
    await this.page.getByRole('navigation', { name: this.t('nav.label') }).getByRole('button', { name: new RegExp(`^${this.t(`nav.${section}`)}`) }).click();
    await this.page.getByRole('heading', { level: 1, name: this.t(section === 'register' ? 'register.title' : section === 'search' ? 'search.title' : `${section}.title`) }).waitFor();
  }

  async locksTheScreen(): Promise<void> {
    await this.page.getByRole('button', { name: this.t('header.lock') }).click();
    await this.page.getByRole('heading', { name: this.t('lock.title') }).waitFor();
  }

  async unlocks(password = DEMO_PASSWORD): Promise<void> {
    await this.page.getByLabel(this.t('login.password')).fill(password);
    await this.page.getByRole('button', { name: this.t('lock.unlock') }).click();
    await this.page.getByRole('navigation', { name: this.t('nav.label') }).waitFor();
  }

  async logsOut(): Promise<void> {
    await this.page.getByRole('banner').getByRole('button', { name: this.t('header.logout') }).click();
    await this.page.getByRole('heading', { name: this.t('login.title') }).waitFor();
  }

  /** What the header says about the connection: the online/offline button's text. */
  connectionStatus() {
    return this.page.getByRole('banner').getByRole('button').first();
  }

  async leaves(): Promise<void> {
    await this.page.context().close();
  }
}
