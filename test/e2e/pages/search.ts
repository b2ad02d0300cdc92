import type { Page } from 'playwright-core';
import { tr, type Lang } from '../support/i18n.js';

/** Finding a patient as the registrar types. */
export class SearchScreen {
  constructor(
    private readonly page: Page,
    private readonly lang: Lang,
  ) {}

  async typesQuery(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: tr(this.lang, 'search.label') }).fill(text);
  }

  results() {
    return this.page.getByRole('grid', { name: tr(this.lang, 'search.results') });
  }

  result(name: string) {
    return this.results().getByRole('row').filter({ hasText: name });
  }

  async opensChartOf(name: string): Promise<void> {
    await this.result(name).getByRole('button', { name }).click();
  }
}
