import type { Page } from 'playwright-core';
import { tr, type Lang } from '../support/i18n.js';

const display = (iso: string) => iso.split('-').reverse().join('.');

/** The "Листок нетрудоспособности" section of the visit and the certificates panel of the chart. */
export class SickLeaveSection {
  constructor(
    private readonly page: Page,
    private readonly lang: Lang,
  ) {}

  private t = (key: string, values?: Record<string, string | number>) => tr(this.lang, key, values);

  async opensFor(from: string, to: string, reason: 'disease' | 'injury' | 'care' | 'quarantine' = 'disease'): Promise<void> {
    const form = this.page.getByRole('group', { name: this.t('sickLeave.openLabel') });
    await form.getByRole('textbox', { name: this.t('sickLeave.from') }).fill(display(from));
    await form.getByRole('textbox', { name: this.t('sickLeave.to') }).fill(display(to));
    await form.getByRole('combobox', { name: this.t('sickLeave.reasonLabel') }).selectOption(reason);
    await this.page.getByRole('button', { name: this.t('sickLeave.open'), exact: true }).click();
  }

  /** Extends the first certificate of the chart's panel to `to`. */
  async extendsOnChart(to: string): Promise<void> {
    const item = this.page.getByRole('region', { name: this.t('sickLeave.listLabel') }).getByRole('listitem').first();
    const field = item.getByRole('textbox', { name: this.t('sickLeave.extendTo') });
    // After a refusal the form stays open with the date to correct.
    if (!(await field.isVisible())) await item.getByRole('button', { name: this.t('sickLeave.extend'), exact: true }).click();
    await field.fill(display(to));
    await item.getByRole('button', { name: this.t('sickLeave.confirm.extend') }).click();
  }

  certificates() {
    return this.page.getByRole('list', { name: this.t('sickLeave.listLabel') }).getByRole('listitem');
  }
}
