import type { Page } from 'playwright-core';
import { tr, type Lang } from '../support/i18n.js';

type Tab = 'summary' | 'timeline' | 'labs' | 'studies' | 'anamnesis';
type Kind = 'outpatient' | 'inpatient' | 'ambulance' | 'surgery' | 'preventive' | 'other';

/** The chart as the doctor reads it before a consultation. */
export class ChartScreen {
  constructor(
    private readonly page: Page,
    private readonly lang: Lang,
  ) {}

  private t = (key: string, values?: Record<string, string | number>) => tr(this.lang, key, values);

  patientName() {
    return this.page.getByRole('heading', { level: 1 });
  }

  allergyBanner() {
    return this.page.getByRole('region', { name: this.t('chart.allergies') });
  }

  lastSynchronised() {
    return this.page.getByText(new RegExp(`^${this.t('chart.syncedAt', { when: 'X', relative: 'Y' }).split(' X')[0]}|^${this.t('chart.neverSynced')}`));
  }

  async opensSection(tab: Tab): Promise<void> {
    await this.page.getByRole('tab', { name: new RegExp(`^${this.t(`chart.tabs.${tab}`)}`) }).click();
  }

  timelineEntries() {
    // The encounters themselves, not the diagnoses listed inside each.
    return this.page.getByRole('list', { name: this.t('chart.timeline') }).locator(':scope > li');
  }

  /** Hides or shows one kind of encounter in the timeline. */
  async togglesKind(kind: Kind): Promise<void> {
    await this.page.getByRole('group', { name: this.t('chart.filterByKind') }).getByRole('button', { name: new RegExp(`^${this.t(`encounterKinds.${kind}`)}`) }).click();
  }

  async institutionsInTimeline(): Promise<string[]> {
    const texts = await this.page.getByRole('list', { name: this.t('chart.timeline') }).locator('.institution').allInnerTexts();
    return [...new Set(texts)];
  }

  labTable() {
    return this.page.getByRole('table', { name: this.t('chart.labs') });
  }

  trendChart() {
    return this.page.getByRole('img', { name: new RegExp(this.t('chart.trendOf', { test: '.*', values: '.*' })) });
  }

  async startsDocumentingVisit(): Promise<void> {
    await this.page.getByRole('button', { name: this.t('chart.documentVisit') }).click();
    await this.page.getByRole('heading', { name: this.t('visit.title'), exact: true }).waitFor();
  }
}
