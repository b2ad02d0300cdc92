import type { Page } from 'playwright-core';
import { tr, type Lang } from '../support/i18n.js';

/** The registration desk's schedule, in the words and keys a registrar uses. */
export class ScheduleScreen {
  constructor(
    private readonly page: Page,
    private readonly lang: Lang,
  ) {}

  private t(key: string, values?: Record<string, string | number>) {
    return tr(this.lang, key, values);
  }

  /** A registrar's day is the schedule: the first section of the navigation. */
  async opens(): Promise<void> {
    await this.page.getByRole('navigation', { name: this.t('nav.label') }).getByRole('button', { name: new RegExp(`^${this.t('nav.day')}`) }).click();
    await this.heading().waitFor();
  }

  heading() {
    return this.page.getByRole('heading', { level: 1, name: this.t('schedule.title') });
  }

  grid() {
    return this.page.getByRole('grid', { name: new RegExp(`^(${this.t('schedule.dayGrid')}|${this.t('schedule.weekGrid')})$`) });
  }

  async showsWeek(): Promise<void> {
    await this.page.getByRole('button', { name: this.t('schedule.week'), exact: true }).click();
    await this.page.getByRole('grid', { name: this.t('schedule.weekGrid') }).waitFor();
  }

  async showsDay(): Promise<void> {
    await this.page.getByRole('button', { name: this.t('schedule.day'), exact: true }).click();
    await this.page.getByRole('grid', { name: this.t('schedule.dayGrid') }).waitFor();
  }

  async choosesDoctor(display: string): Promise<void> {
    await this.page.getByLabel(this.t('schedule.whose')).selectOption({ label: display });
  }

  doctors() {
    return this.page.getByLabel(this.t('schedule.whose')).locator('optgroup').nth(1).locator('option');
  }

  /** Days ahead with the keyboard (PageDown), the grid focused. */
  async goesDaysAhead(days: number): Promise<void> {
    await this.grid().focus();
    for (let i = 0; i < days; i++) await this.page.keyboard.press('PageDown');
  }

  selected() {
    return this.grid().locator('[aria-selected="true"]');
  }

  async selectedSlot(): Promise<{ slotId: string; text: string; free: boolean; plain: boolean }> {
    const row = this.selected();
    const [slotId, text, className, tags] = await Promise.all([row.getAttribute('data-slot'), row.innerText(), row.getAttribute('class'), row.locator('.tag').count()]);
    return { slotId: slotId ?? '', text, free: /\bfree\b/.test(className ?? ''), plain: tags === 0 };
  }

  /**
   * The first doctor's first free ordinary visit at least `daysAhead` days ahead, where a registrar
   * books a visit for the coming days; the grid is left on that day.
   */
  async movesToFirstDoctorsFreeSlot(daysAhead: number): Promise<string> {
    await this.choosesDoctor((await this.doctors().first().innerText()).trim());
    await this.goesDaysAhead(daysAhead);
    return this.movesToFreeOrdinarySlot();
  }

  /** Arrow down to the first free ordinary visit (no visit-type mark) from the cursor; the next day (PageDown) when the day has none. */
  async movesToFreeOrdinarySlot(): Promise<string> {
    for (let day = 0; day < 7; day++) {
      await this.grid().focus();
      const hasSlots = await this.grid().locator('[data-slot]').first().waitFor({ timeout: 5000 }).then(() => true, () => false);
      if (hasSlots) {
        await this.selected().waitFor();
        let previous = '';
        for (;;) {
          const slot = await this.selectedSlot();
          if (slot.free && slot.plain) return slot.slotId;
          if (slot.slotId === previous) break;
          previous = slot.slotId;
          await this.page.keyboard.press('ArrowDown');
        }
      }
      await this.page.keyboard.press('PageDown');
    }
    throw new Error('No free ordinary slot within a week');
  }

  row(slotId: string) {
    return this.grid().locator(`[data-slot="${slotId}"]`);
  }

  bookingDialog() {
    return this.page.getByRole('dialog', { name: this.t('schedule.bookTitle') });
  }

  /** Enter on the slot, the patient found by typing and chosen with the keyboard. */
  async startsBookingFor(family: string, name: string): Promise<void> {
    await this.page.keyboard.press('Enter');
    const dialog = this.bookingDialog();
    await dialog.getByRole('combobox', { name: this.t('schedule.patientSearch') }).fill(family);
    await dialog.getByRole('option', { name: new RegExp(name) }).waitFor();
    await this.page.keyboard.press('Enter');
    await dialog.getByText(this.t('schedule.bookFor', { name })).waitFor();
  }

  async confirmsBooking(): Promise<void> {
    const dialog = this.bookingDialog();
    await dialog.getByRole('button', { name: this.t('schedule.book'), exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  /** Enter on the new time while a booking is being moved, then 'Перенести сюда'. */
  async confirmsMove(): Promise<void> {
    await this.page.keyboard.press('Enter');
    const dialog = this.page.getByRole('dialog', { name: this.t('schedule.moveTitle') });
    await dialog.getByRole('button', { name: this.t('schedule.moveHere'), exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  async opensTab(tab: 'grid' | 'walk-ins' | 'preventive'): Promise<void> {
    await this.page.getByRole('tab', { name: this.t(`schedule.tabs.${tab}`) }).click();
  }

  refusal() {
    const titles = [this.t('schedule.refusal.title'), this.t('schedule.refusal.moveTitle')].map((title) => title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return this.page.getByRole('alertdialog', { name: new RegExp(`^(${titles.join('|')})$`) });
  }

  alternatives() {
    return this.refusal().getByRole('listitem');
  }
}
