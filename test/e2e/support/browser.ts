import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, as the machine rules say: never a downloaded browser. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Script errors and unexpected dialogs per page: an XSS that ran would show up here. */
const ERRORS = new WeakMap<Page, string[]>();

/** A person's screen: 1366×768, Minsk time, Russian browser; page errors fail the test. */
export async function openScreen(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU', timezoneId: 'Europe/Minsk' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => {
    errors.push(`unexpected dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  ERRORS.set(page, errors);
  await page.goto(url);
  return page;
}

export const pageErrors = (page: Page) => ERRORS.get(page) ?? [];
