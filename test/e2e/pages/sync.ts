import type { Page } from 'playwright-core';
import { tr, type Lang } from '../support/i18n.js';

/** The sync panel: connection, pending changes, and the inbox of refusals and conflicts. */
export class SyncScreen {
  constructor(
    private readonly page: Page,
    private readonly lang: Lang,
  ) {}

  private t = (key: string, values?: Record<string, string | number>) => tr(this.lang, key, values);

  inboxItems() {
    return this.page.getByRole('region', { name: this.t('sync.inbox') }).getByRole('listitem');
  }

  /** Every conflict about this patient waiting for a decision. */
  conflictsAbout(patientName: string) {
    return this.page.getByRole('listitem', { name: `${this.t('sync.kind.conflict')}: ${patientName}` });
  }

  async synchronisesNow(): Promise<void> {
    await this.page.getByRole('button', { name: this.t('sync.now') }).click();
  }

  emptyInbox() {
    return this.page.getByText(this.t('sync.inboxEmpty'));
  }
}
