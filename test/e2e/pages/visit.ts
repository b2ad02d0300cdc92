import type { Page } from 'playwright-core';
import { tr, type Lang } from '../support/i18n.js';

type Section = 'complaints' | 'anamnesis' | 'examination' | 'plan';

/** Documenting a visit: the note, ICD-10 diagnoses, prescriptions; saved on the workstation at once. */
export class VisitScreen {
  constructor(
    private readonly page: Page,
    private readonly lang: Lang,
  ) {}

  private t = (key: string, values?: Record<string, string | number>) => tr(this.lang, key, values);

  async writes(section: Section, text: string): Promise<void> {
    await this.page.getByRole('textbox', { name: this.t(`noteSections.${section}`) }).fill(text);
  }

  /** Types words of the diagnosis and picks the match with this code. */
  async diagnoses(words: string, code: string): Promise<void> {
    const field = this.page.getByRole('combobox', { name: this.t('visit.diagnosisSearch') });
    await field.fill(words);
    const option = this.page.getByRole('listbox', { name: this.t('visit.diagnosisMatches') }).getByRole('option', { name: new RegExp(`^${code.replace('.', '\\.')}\\b`) });
    await option.waitFor();
    await option.click();
  }

  diagnosisTable() {
    return this.page.getByRole('table', { name: this.t('visit.diagnoses') });
  }

  async prescribes(medication: string, dosage: string): Promise<void> {
    await this.page.getByRole('button', { name: this.t('visit.addPrescription') }).click();
    const n = await this.page.getByRole('textbox', { name: new RegExp(`^${this.t('visit.medication', { n: '\\d+' })}$`) }).count();
    await this.page.getByRole('textbox', { name: this.t('visit.medication', { n }) }).fill(medication);
    await this.page.getByRole('textbox', { name: this.t('visit.dosage', { n }) }).fill(dosage);
  }

  saveStatus() {
    return this.page.getByRole('status');
  }

  async savesDraft(): Promise<void> {
    await this.page.getByRole('button', { name: this.t('visit.saveDraft') }).click();
  }

  async finishes(): Promise<void> {
    await this.page.getByRole('button', { name: this.t('visit.finish') }).click();
    await this.page.getByRole('tab', { name: new RegExp(`^${this.t('chart.tabs.timeline')}`), selected: true }).waitFor();
  }
}
