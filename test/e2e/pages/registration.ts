import type { Page } from 'playwright-core';
import { tr, type Lang } from '../support/i18n.js';

/** The registration desk: a personal number in, the population register's person out, saved here. */
export class RegistrationScreen {
  constructor(
    private readonly page: Page,
    private readonly lang: Lang,
  ) {}

  private t = (key: string, values?: Record<string, string | number>) => tr(this.lang, key, values);

  async typesPersonalNumber(number: string): Promise<void> {
    await this.page.getByRole('textbox', { name: this.t('patient.personalNumber') }).fill(number);
  }

  numberHint() {
    return this.page.locator('#number-check');
  }

  async looksUpInPopulationRegister(): Promise<void> {
    await this.page.getByRole('button', { name: this.t('register.lookup') }).click();
    await this.page.getByRole('status').or(this.page.getByRole('alert')).first().waitFor();
  }

  field(labelKey: string) {
    return this.page.getByLabel(this.t(labelKey), { exact: true });
  }

  async registers(): Promise<void> {
    await this.page.getByRole('button', { name: this.t('register.save') }).click();
    await this.page.getByRole('heading', { name: this.t('register.done') }).waitFor();
  }

  outcome() {
    return this.page.getByRole('status').first();
  }

  alreadyRegisteredNotice() {
    return this.page.getByRole('alert');
  }
}
