import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkstation, type Workstation } from '../../src-main/host/workstation.js';
import { startBrowserHost, type BrowserHost } from '../../src-main/transport/http.js';
import { clinicPatient, startClinicCentral, STAFF_PASSWORD, type ClinicCentral } from '../fixtures/workstation/central-clinic.js';
import { changeCertificateIn } from '../../src-server/registers/social-fund/certificates.js';
import { socialFundOf } from '../fixtures/workstation/social-fund.js';
import { Person } from './pages/person.js';
import { SickLeaveSection } from './pages/sick-leave.js';
import { launchChromium } from './support/browser.js';
import { ensureRendererBuilt } from './support/renderer.js';
import { shoot } from './support/screenshots.js';

const isoDay = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * A doctor opens a sick-leave certificate at a visit while the workstation is cut off from Central;
 * it waits on the workstation, reaches Central when the cable is back, and the chart shows the
 * Fund's number once the Fund has answered.
 */
describe('a doctor opens a sick-leave certificate at a visit', () => {
  let clinic: ClinicCentral;
  let workstation: Workstation;
  let host: BrowserHost;
  let browser: Browser;
  let doctor: Person;
  let sickLeave: SickLeaveSection;
  let connected = true;
  const dataDir = mkdtempSync(join(tmpdir(), 'medkarta-e2e-sick-leave-'));
  const patient = clinicPatient(0, 'ws-polyclinic');
  const patientName = [patient.name![0]!.family, ...patient.name![0]!.given!].join(' ');

  beforeAll(async () => {
    clinic = await startClinicCentral({ patients: 1 });
    await socialFundOf(clinic).giveClinicUnp();
    const cable: typeof fetch = (input, init) => (connected ? fetch(input, init) : Promise.reject(new TypeError('fetch failed: network cable unplugged')));
    workstation = await openWorkstation({ dataDir, centralUrl: clinic.url, passphrase: 'e2e workstation passphrase', fetch: cable, log: () => {}, sync: { fallbackPollMs: 1000, pollMs: 2000, backoff: { baseMs: 200, maxMs: 1000 } } });
    await workstation.enrol({ username: 'admin.p3', password: STAFF_PASSWORD, display: 'Кабинет 204' });
    host = await startBrowserHost({ handlers: workstation.handlers, rendererDir: await ensureRendererBuilt() });
    browser = await launchChromium();
    doctor = await Person.sitsDownAt(browser, host.url);
    await doctor.logsIn('lukashevich', STAFF_PASSWORD);
    sickLeave = new SickLeaveSection(doctor.page, 'ru');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await workstation?.close();
    await clinic?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens it offline from the visit, and sees the Fund\'s number on the chart once Central and the Fund have it', async () => {
    await doctor.opens('search');
    await expect
      .poll(async () => {
        await doctor.search.typesQuery(patient.identifier![0]!.value!);
        return doctor.search.result(patientName).count();
      }, { timeout: 60_000, interval: 500 })
      .toBe(1);
    await doctor.search.opensChartOf(patientName);
    await doctor.chart.startsDocumentingVisit();
    await doctor.visit.writes('complaints', 'Головная боль, АД 165/100.');
    await doctor.visit.diagnoses('гипертенз', 'I10');

    connected = false;
    await sickLeave.opensFor(isoDay(0), isoDay(4));
    await expect.poll(() => sickLeave.certificates().first().innerText(), { timeout: 15_000 }).toContain(doctor.t('sickLeave.state.pending'));
    await shoot(doctor.page, 'ru', 'visit-sick-leave');

    connected = true;
    await workstation.handlers.call('sync.now', {});
    await socialFundOf(clinic).dispatch();
    await doctor.visit.finishes();
    await doctor.chart.opensSection('summary');
    const onChart = doctor.page.getByRole('region', { name: doctor.t('sickLeave.listLabel') }).getByRole('listitem').first();
    await expect.poll(() => onChart.innerText(), { timeout: 30_000 }).toMatch(/принят ФСЗН[\s\S]*№ ЭЛН-\d{4}-\d{6}/);
    await shoot(doctor.page, 'ru', 'chart-sick-leave');

    // An extension that ends before the current end is refused at once, in the doctor's language.
    await sickLeave.extendsOnChart(isoDay(2));
    await expect.poll(() => doctor.page.getByRole('alert').innerText()).toBe(doctor.t('sickLeave.rule.extension-not-later'));

    // Offline, the doctor extends it while the certificate is cancelled at Central (elsewhere): back
    // online, Central refuses the step, and the chart says why in Russian, not in Central's English.
    connected = false;
    await sickLeave.extendsOnChart(isoDay(6));
    await expect.poll(() => onChart.innerText(), { timeout: 15_000 }).toContain(doctor.t('sickLeave.state.pending'));
    const db = clinic.central.ctx.db;
    const certificate = (await db.query<{ id: string; organization_id: string }>(`SELECT id, organization_id FROM sick_leave_certificate`)).rows[0]!;
    await db.transaction((tx) => changeCertificateIn(tx, { organizationId: certificate.organization_id, subject: 'colleague', display: 'Коллега' }, certificate.id, { kind: 'cancel', reason: 'Выдан ошибочно' }, new Date()));
    connected = true;
    await workstation.handlers.call('sync.now', {});
    await expect.poll(() => onChart.innerText(), { timeout: 30_000 }).toContain(doctor.t('sickLeave.rule.not-open'));
    expect(await onChart.innerText()).not.toContain('The certificate is');
    // The same refusal waits in the inbox, in the same words.
    await doctor.opens('sync');
    await expect.poll(() => doctor.sync.inboxItems().first().innerText(), { timeout: 15_000 }).toContain(doctor.t('sickLeave.rule.not-open'));
  });
});
