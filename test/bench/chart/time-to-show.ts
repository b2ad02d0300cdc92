/**
 * `npm run bench:ui`: how long the chart takes to show for a patient with 2,000 resources in
 * browser mode, and the memory the workstation uses. Central and the workstation (`npm run web`,
 * its real encrypted store) each run in a process of their own; Chromium drives the real renderer.
 * Prints figures; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Resource } from '@medplum/fhirtypes';
import { largeRecord } from '../../../src-main/chart/sample-records/large-record.js';
import { openWorkstation } from '../../../src-main/host/workstation.js';
import { Person } from '../../e2e/pages/person.js';
import { launchChromium } from '../../e2e/support/browser.js';
import { DEMO_PASSWORD } from '../../e2e/support/central.js';
import { ensureRendererBuilt } from '../../e2e/support/renderer.js';
import { rssMegabytes, startProcess } from './processes.js';

const PASSPHRASE = 'bench workstation passphrase';
const central = await startProcess('test/bench/chart/central-child.ts', [], /CENTRAL (\S+)/);
const centralUrl = central.match[1]!;
const dataDir = mkdtempSync(join(tmpdir(), 'medkarta-bench-ws-'));
await ensureRendererBuilt();

// Enrol, and put a long record in the store as a download would have.
const { resources, summary } = largeRecord('pat-bench-2000', 2000);
const setup = await openWorkstation({ dataDir, centralUrl, passphrase: PASSPHRASE, background: false, log: () => {} });
await setup.enrol({ username: 'admin', password: DEMO_PASSWORD, display: 'Кабинет 201 (bench)' });
setup.store().resources.upsertMany(resources.map((r) => ({ ...r, meta: { versionId: '1', lastUpdated: '2025-06-01T00:00:00Z' } }) as Resource));
await setup.close();

const web = await startProcess('src-main/cli/web.ts', ['--data', dataDir, '--central', centralUrl, '--port', '0'], /browser mode\): (\S+)/, { MEDKARTA_WS_PASSPHRASE: PASSPHRASE });
const browser = await launchChromium();
try {
  const doctor = await Person.sitsDownAt(browser, web.match[1]!);
  await doctor.logsIn('doctor');
  const afterLogin = await rssMegabytes(web.child.pid!);
  const name = [summary.family, summary.given, summary.patronymic].join(' ');
  const mark = () => doctor.page.evaluate(() => ((window as unknown as { t0: number }).t0 = performance.now()));
  const since = () => doctor.page.evaluate(() => performance.now() - (window as unknown as { t0: number }).t0);

  const show: number[] = [];
  const api: number[] = [];
  const timeline: number[] = [];
  for (let run = 0; run < 12; run++) {
    await doctor.opens('search');
    await doctor.search.typesQuery(summary.personalNumber!);
    await doctor.search.result(name).waitFor();
    await mark();
    await doctor.search.opensChartOf(name);
    await doctor.page.getByRole('heading', { level: 1, name }).waitFor();
    await doctor.page.getByRole('tabpanel').waitFor();
    show.push(await since());
    await mark();
    await doctor.chart.opensSection('timeline');
    await doctor.chart.timelineEntries().first().waitFor();
    timeline.push(await since());
    await doctor.chart.opensSection('summary');
    api.push(
      await doctor.page.evaluate(async (patientId) => {
        const token = document.querySelector<HTMLMetaElement>('meta[name="medkarta-token"]')!.content;
        const start = performance.now();
        await fetch('/api/chart.get', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Medkarta-Token': token }, body: JSON.stringify({ patientId }) }).then((r) => r.json());
        return performance.now() - start;
      }, summary.id),
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(0);
  const max = (xs: number[]) => Math.max(...xs).toFixed(0);
  const cdp = await doctor.page.context().newCDPSession(doctor.page);
  await cdp.send('Performance.enable');
  const heap = (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 1024 / 1024;
  const chromium = execFileSync('ps', ['-C', 'chromium', '-o', 'rss='], { encoding: 'utf8' }).split('\n').filter(Boolean).reduce((sum, kb) => sum + Number(kb), 0) / 1024;
  const load = execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ');

  console.log(`chart of a ${resources.length}-resource patient, browser mode (12 openings; load average ${load} on ${(await import('node:os')).cpus().length} cores):`);
  console.log(`  click in search results → chart on screen: median ${median(show)} ms, max ${max(show)} ms`);
  console.log(`  chart.get over HTTP (encrypted store read + assembly + JSON): median ${median(api)} ms, max ${max(api)} ms`);
  console.log(`  switch to the timeline tab: median ${median(timeline)} ms`);
  console.log(`memory: workstation process (npm run web) RSS ${afterLogin.toFixed(0)} MB after login, ${(await rssMegabytes(web.child.pid!)).toFixed(0)} MB after the openings;`);
  console.log(`        page JS heap ${heap.toFixed(0)} MB; all Chromium processes RSS ${chromium.toFixed(0)} MB`);
} finally {
  await browser.close();
  web.child.kill('SIGTERM');
  central.child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 2000));
  rmSync(dataDir, { recursive: true, force: true });
}
