import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { pageErrors } from './browser.js';
import { allKeys, type Lang } from './i18n.js';

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
