import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkstation, type Workstation } from '../../src-main/host/workstation.js';
import { startBrowserHost, type BrowserHost } from '../../src-main/transport/http.js';
import { launchChromium, openScreen } from './support/browser.js';
import { ensureRendererBuilt } from './support/renderer.js';

/**
 * What the page can reach: the named API methods on its own origin, and nothing else. No Node,
 * no files (the data folder sits beside the host), no SQL, no other origin, no eval, no inline
 * script. Runs the real workstation host in browser mode; no Central is needed for any of it.
 */
describe('the renderer cannot reach Node, the file system or SQL', () => {
  let dataDir: string;
  let workstation: Workstation;
  let host: BrowserHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'medkarta-e2e-isolation-'));
    writeFileSync(join(dataDir, 'secret.txt'), 'a file beside the store');
    workstation = await openWorkstation({ dataDir, centralUrl: 'http://127.0.0.1:9', passphrase: 'isolation test passphrase', background: false, log: () => {} });
    host = await startBrowserHost({ handlers: workstation.handlers, rendererDir: await ensureRendererBuilt() });
    browser = await launchChromium();
    page = await openScreen(browser, host.url);
    await page.getByRole('banner').waitFor();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await workstation?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has no Node globals and no bridge object to poke at', async () => {
    const globals = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return ['require', 'process', 'module', 'Buffer', 'global', '__dirname', 'medkarta', 'electron', 'ipcRenderer'].filter((name) => typeof w[name] !== 'undefined');
    });
    expect(globals).toEqual([]);
  });

  it('cannot read files: not by file: URLs, not through the host', async () => {
    const fileUrl = await page.evaluate(() => fetch('file:///etc/passwd').then(() => 'read', () => 'refused'));
    expect(fileUrl).toBe('refused');
    const paths = ['/secret.txt', '/store.db', '/settings.json', '/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/../../secret.txt', '/%00index.html'];
    const statuses = await page.evaluate((list) => Promise.all(list.map((path) => fetch(path).then((r) => r.status))), paths);
    expect(statuses.every((status) => status === 404)).toBe(true);
  });

  it('reaches only named methods, never SQL or anything not in the contract', async () => {
    const answers = await page.evaluate(async () => {
      const token = document.querySelector<HTMLMetaElement>('meta[name="medkarta-token"]')!.content;
      const call = (method: string, body: unknown) =>
        fetch(`/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Medkarta-Token': token }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.text() }));
      return {
        sql: await call('sql.exec', { sql: 'SELECT * FROM resources' }),
        db: await call('db.query', { query: 'PRAGMA key' }),
        proto: await call('__proto__', {}),
        status: await call('session.status', {}),
        noToken: await fetch('/api/session.status', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).then((r) => r.status),
      };
    });
    for (const refused of [answers.sql, answers.db, answers.proto]) expect(JSON.parse(refused.body)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(JSON.parse(answers.status.body)).toMatchObject({ ok: true });
    expect(answers.noToken).toBe(403);
  });

  it('cannot talk to another origin, evaluate strings or run inline script (CSP)', async () => {
    const results = await page.evaluate(async () => {
      const outside = await fetch('http://127.0.0.1:9/').then(() => 'reached', () => 'blocked');
      // Code run by the test tool itself is exempt from the page's policy; a string timer is not:
      // it is compiled in the page, as injected text would be.
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective));
      const flags = window as unknown as { evaluated?: boolean; injected?: boolean };
      (setTimeout as unknown as (code: string, ms: number) => number)('window.evaluated = true', 0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const evaluated = flags.evaluated === true ? 'ran' : 'blocked';
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.appendChild(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { outside, evaluated, inline: flags.injected === true ? 'ran' : 'blocked', violations: [...new Set(violations)].sort() };
    });
    expect(results).toEqual({ outside: 'blocked', evaluated: 'blocked', inline: 'blocked', violations: ['connect-src', 'script-src-elem', 'script-src'].sort() });
  });

  it('is served with a strict Content-Security-Policy header and one in the page', async () => {
    const response = await page.request.get(host.url);
    expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toContain("default-src 'none'");
  });
});
