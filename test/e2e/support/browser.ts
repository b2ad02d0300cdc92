import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { allKeys, type Lang } from './i18n.js';

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

const SCREENSHOTS = fileURLToPath(new URL('../../../test-results/screenshots', import.meta.url));
const KEYS = allKeys();

/**
 * Saves the screen as a test artifact (test-results/screenshots/<lang>-<name>.png) after checking
 * what a reader would notice first: no translation key instead of words, no page error.
 */
export async function shoot(page: Page, lang: Lang, name: string): Promise<void> {
  // Every panel has left its loading state (the event stream keeps the network busy, so not networkidle).
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 15_000 });
  const text = await page.locator('body').innerText();
  expect(KEYS.filter((key) => key.includes('.') && text.includes(key)), `raw translation keys on ${name}`).toEqual([]);
  expect(text).not.toMatch(/\{\{\w+\}\}/);
  expect(pageErrors(page)).toEqual([]);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${lang}-${name}.png`) });
}
