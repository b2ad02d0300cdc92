import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Person } from './pages/person.js';
import { launchChromium } from './support/browser.js';
import { shoot } from './support/screenshots.js';
import { startE2eCentral, type E2eCentral } from './support/central.js';
import { demoPatientsByInstitutions, type DemoPatientPick } from './support/demo-patients.js';
import { startBrowserWorkstation, type BrowserWorkstation } from './support/workstation.js';

/**
 * A doctor's consultation: the chart with history from three institutions, a visit documented
 * with an ICD-10 diagnosis while Central is down, and the visit reaching a second workstation of
 * the clinic once Central is back.
 */
describe('a doctor documents a visit', () => {
  let central: E2eCentral;
  let room: BrowserWorkstation;
  let nextRoom: BrowserWorkstation;
  let browser: Browser;
  let doctor: Person;
  let patient: DemoPatientPick;

  beforeAll(async () => {
    central = await startE2eCentral();
    [room, nextRoom] = await Promise.all([startBrowserWorkstation(central.url, 'Кабинет 201'), startBrowserWorkstation(central.url, 'Кабинет 202')]);
    browser = await launchChromium();
    patient = demoPatientsByInstitutions(12)[0]!;
    expect(patient.institutions).toBeGreaterThanOrEqual(3);
    doctor = await Person.sitsDownAt(browser, room.url);
    await doctor.logsIn('doctor');
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([room?.close(), nextRoom?.close()]);
    await central?.close();
  });

  it('opens the chart and sees the history from three institutions', async () => {
    await shoot(doctor.page, 'ru', 'day');
    await doctor.opens('search');
    await expect
      .poll(async () => {
        await doctor.search.typesQuery(patient.personalNumber);
        return doctor.search.result(patient.name).count();
      }, { timeout: 60_000, interval: 1000 })
      .toBe(1);
    await doctor.search.opensChartOf(patient.name);
    await expect.poll(() => doctor.chart.patientName().innerText()).toBe(patient.name);
    await doctor.chart.allergyBanner().waitFor();
    await shoot(doctor.page, 'ru', 'chart-summary');

    await doctor.chart.opensSection('timeline');
    expect((await doctor.chart.institutionsInTimeline()).length).toBeGreaterThanOrEqual(3);
    const all = await doctor.chart.timelineEntries().count();
    expect(all).toBe(patient.encounters);
    await shoot(doctor.page, 'ru', 'chart-timeline');
    await doctor.chart.togglesKind('outpatient');
    expect(await doctor.chart.timelineEntries().count()).toBeLessThan(all);
    await doctor.chart.togglesKind('outpatient');
    expect(await doctor.chart.timelineEntries().count()).toBe(all);

    await doctor.chart.opensSection('labs');
    await shoot(doctor.page, 'ru', 'chart-labs');
    await doctor.chart.opensSection('studies');
    await shoot(doctor.page, 'ru', 'chart-studies');
    await doctor.chart.opensSection('anamnesis');
    await shoot(doctor.page, 'ru', 'chart-anamnesis');
  });

  it('documents a visit with an ICD-10 diagnosis while Central is stopped', async () => {
    await central.stop();
    await expect.poll(() => doctor.connectionStatus().innerText(), { timeout: 30_000 }).toContain(doctor.t('sync.offline'));

    await doctor.chart.startsDocumentingVisit();
    await doctor.visit.writes('complaints', 'Головная боль в затылке по утрам, АД дома до 165/100.');
    await doctor.visit.writes('examination', 'АД 160/95 мм рт. ст., ЧСС 78 в мин. Тоны сердца ясные, ритмичные.');
    await doctor.visit.diagnoses('гипертенз', 'I10');
    await doctor.visit.prescribes('Лизиноприл 10 мг', 'по 1 таблетке утром');
    await expect.poll(() => doctor.visit.saveStatus().innerText(), { timeout: 15_000 }).toContain(doctor.t('visit.waitingForCentral'));
    await shoot(doctor.page, 'ru', 'visit');
    await doctor.visit.finishes();

    const newest = doctor.chart.timelineEntries().first();
    await expect.poll(() => newest.innerText()).toContain('I10');
    expect(await newest.innerText()).toContain(doctor.t('chart.pendingSync'));
  });

  it('sends the visit when Central is back, and the next room sees it', async () => {
    await central.start();
    const newest = doctor.chart.timelineEntries().first();
    await expect.poll(() => newest.innerText(), { timeout: 60_000, interval: 1000 }).not.toContain(doctor.t('chart.pendingSync'));

    const colleague = await Person.sitsDownAt(browser, nextRoom.url);
    await colleague.logsIn('doctor2');
    await colleague.opens('search');
    await expect
      .poll(async () => {
        await colleague.search.typesQuery(patient.personalNumber);
        return colleague.search.result(patient.name).count();
      }, { timeout: 60_000, interval: 1000 })
      .toBe(1);
    await colleague.search.opensChartOf(patient.name);
    await colleague.chart.opensSection('timeline');
    await expect.poll(() => colleague.chart.timelineEntries().first().innerText(), { timeout: 30_000 }).toContain('I10');
    await colleague.chart.timelineEntries().first().getByRole('button', { name: colleague.t('chart.showDetails') }).click();
    expect(await colleague.chart.timelineEntries().first().innerText()).toContain('Головная боль в затылке');
    await colleague.leaves();
  });

  it('resolves in the inbox a conflict between its offline edit and a colleague’s', async () => {
    const pendingOf = async (ws: BrowserWorkstation) => ((await ws.workstation.handlers.call('sync.status', {})) as { value: { pending: number } }).value.pending;
    await doctor.chart.startsDocumentingVisit();
    await doctor.visit.writes('complaints', 'Кашель, заложенность носа.');
    await doctor.visit.diagnoses('бронхит', 'J20.9');
    await doctor.visit.savesDraft();
    await expect.poll(() => pendingOf(room), { timeout: 60_000, interval: 500 }).toBe(0);

    // The doctor's room loses its network; meanwhile a colleague corrects the draft's diagnosis elsewhere.
    room.network.cut();
    const draft = async () => {
      const chart = (await nextRoom.workstation.handlers.call('chart.get', { patientId: patient.patientId })) as { ok: boolean; value?: { timeline: { id: string; status: string; diagnoses: { code: string | null }[] }[] } };
      return chart.value?.timeline.find((e) => e.status === 'in-progress' && e.diagnoses.some((d) => d.code === 'J20.9'))?.id ?? null;
    };
    await expect.poll(draft, { timeout: 60_000, interval: 1000 }).not.toBeNull();
    const saved = await nextRoom.workstation.handlers.call('visits.save', {
      patientId: patient.patientId,
      encounterId: (await draft())!,
      complaints: 'Кашель, заложенность носа.',
      diagnoses: [{ code: 'J06.9', title: 'Острая инфекция верхних дыхательных путей неуточненная', primary: true }],
    });
    expect(saved.ok).toBe(true);
    await expect.poll(() => pendingOf(nextRoom), { timeout: 60_000, interval: 500 }).toBe(0);

    // Offline, the doctor changes the same diagnosis; back online, Central refuses the stale edit.
    await doctor.page.getByRole('button', { name: doctor.t('visit.removeDiagnosis', { code: 'J20.9' }) }).click();
    await doctor.visit.diagnoses('гипертенз', 'I11.9');
    await doctor.visit.savesDraft();
    room.network.restore();
    await expect.poll(async () => ((await room.workstation.handlers.call('sync.status', {})) as { value: { conflicts: number } }).value.conflicts, { timeout: 60_000, interval: 500 }).toBeGreaterThan(0);

    await doctor.opens('sync');
    // Each save while offline is a stale edit of its own: the one to keep is the last, with I11.9.
    const conflicts = doctor.sync.conflictsAbout(patient.name);
    await conflicts.first().waitFor();
    const ours = conflicts.filter({ hasText: 'I11.9' });
    await ours.waitFor();
    expect(await ours.innerText()).toContain('J06.9');
    // Central's refusal is said in the doctor's language (its code), not in Central's English.
    expect(await ours.innerText()).toContain(doctor.t('refusals.conflict'));
    await shoot(doctor.page, 'ru', 'sync-conflict');
    while ((await conflicts.count()) > 1) {
      const older = conflicts.filter({ hasNotText: 'I11.9' }).first();
      await older.getByRole('button', { name: doctor.t('sync.keepTheirs') }).click();
      await older.waitFor({ state: 'detached' });
    }
    await ours.getByRole('button', { name: doctor.t('sync.keepOurs') }).click();
    await expect.poll(() => conflicts.count(), { timeout: 30_000 }).toBe(0);

    // The colleague's workstation ends up with the doctor's diagnosis.
    await expect
      .poll(async () => {
        const chart = (await nextRoom.workstation.handlers.call('chart.get', { patientId: patient.patientId })) as { value?: { timeline: { status: string; diagnoses: { code: string | null }[] }[] } };
        return chart.value?.timeline.filter((e) => e.status === 'in-progress').flatMap((e) => e.diagnoses.map((d) => d.code));
      }, { timeout: 60_000, interval: 1000 })
      .toContain('I11.9');
    await shoot(doctor.page, 'ru', 'sync');
  });
});
