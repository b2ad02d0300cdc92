import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePersonalNumber } from '../../shared/domain/personal-number.js';
import { SYSTEMS } from '../../shared/fhir/systems.js';
import { narrativeText } from '../../src-main/chart/fhir-read.js';
import { KNOWN_ENTITIES } from '../../src-server/registers/legal-entities/simulated-entities.js';
import { registerTestInstitution } from '../../src-server/integration/testing.js';
import { headersFor } from '../support/auth.js';
import type { TestCentral } from '../support/central.js';
import { Person } from './pages/person.js';
import { launchChromium } from './support/browser.js';
import { startE2eCentral, type E2eCentral } from './support/central.js';
import { startBrowserWorkstation, type BrowserWorkstation } from './support/workstation.js';
import { anamnesisHtml, dischargeHtml, hostileFeed, studyNarrative } from './support/xss-feed.js';
import { CANARY_HOST, injectedMarkup, payloadId, watchForXss, XSS_PAYLOADS, type CanaryReport } from './support/xss.js';

/**
 * Issue 6, the renderer: several dozen XSS payloads go in through registration (the form and the
 * same API the form calls), a visit note, and an institution's feed to Central (names, lab and
 * diagnosis text, document titles, narrative XHTML), come back to the workstation by sync, and are
 * read on every screen: search results, the chart's tabs, the timeline with the visit opened, the
 * visit form, and the sync inbox. Nothing may run (canaries: window.__xss, dialogs, requests to the
 * canary host, CSP violations, markup elements or on* attributes in the DOM) and the text must be
 * on screen as typed. Narrative XHTML from outside is shown as its text (src-main/chart/fhir-read.ts
 * narrativeText), never as markup: the renderer has no HTML sink at all, so there is no sanitiser to get wrong.
 */
const BIRTH_DATE = '1977-07-07';
const P = XSS_PAYLOADS;
const byId = (id: string) => P.find((p) => payloadId(p) === id)!;

interface ApiResult<T> {
  ok: boolean;
  value: T;
  error?: unknown;
}

/** The renderer's own path to the workstation: POST /api/<method> with the page's token. */
async function api<T>(page: Page, method: string, input: unknown): Promise<T> {
  const result = await page.evaluate(
    async ([m, body]) => {
      const token = document.querySelector<HTMLMetaElement>('meta[name="medkarta-token"]')!.content;
      const response = await fetch(`/api/${m}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Medkarta-Token': token }, body: JSON.stringify(body) });
      return response.json();
    },
    [method, input] as const,
  );
  const answer = result as ApiResult<T>;
  if (!answer.ok) throw new Error(`${method}: ${JSON.stringify(answer.error)}`);
  return answer.value;
}

/** Every expected text is on screen, character for character (line breaks and runs of spaces aside). */
async function expectOnScreen(page: Page, where: string, expected: readonly string[]): Promise<void> {
  const flat = (text: string) => text.replace(/\s+/g, ' ').trim();
  const text = flat(await page.locator('body').innerText());
  const missing = expected.filter((e) => !text.includes(flat(e)));
  expect(missing, `not shown as text on ${where}`).toEqual([]);
  expect(await injectedMarkup(page), `markup from the data on ${where}`).toEqual([]);
}

/** Opens every timeline entry (each button turns into "hide details" once clicked). */
async function expandsEveryEntry(person: Person): Promise<void> {
  const more = person.page.getByRole('button', { name: person.t('chart.showDetails'), exact: true });
  while ((await more.count()) > 0) await more.first().click();
}

const clean = (report: CanaryReport) => ({ ...report, xss: report.xss ?? null });
const QUIET: CanaryReport = { xss: null, cspViolations: [], canaryRequests: [], dialogs: [], pageErrors: [], consoleErrors: [], foreignUrl: null };

/** Twelve people carrying four payloads each (family, given, patronymic, address). */
function payloadPeople() {
  return Array.from({ length: P.length / 4 }, (_, i) => ({
    personalNumber: makePersonalNumber(BIRTH_DATE, i % 2 ? 'male' : 'female', 'H', 900 + i),
    family: P[4 * i]!,
    given: P[4 * i + 1]!,
    patronymic: P[4 * i + 2]!,
    address: P[4 * i + 3]!,
    sex: i % 2 ? ('male' as const) : ('female' as const),
  }));
}

describe('hostile text in names, notes and imported records is shown as text and never runs', () => {
  let central: E2eCentral;
  let room: BrowserWorkstation;
  let browser: Browser;
  let person: Person;
  let report: () => Promise<CanaryReport>;
  const people = payloadPeople();
  const main = people[0]!;
  const fullName = (p: (typeof people)[number]) => `${p.family} ${p.given}`;

  beforeAll(async () => {
    // The demo region only for its staff and institutions: this test brings its own patients.
    central = await startE2eCentral({ demoPatients: 2 });
    room = await startBrowserWorkstation(central.url, 'Кабинет 207');
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await room?.close();
    await central?.close();
  });

  it('has canaries that do catch a payload that runs (control: the payloads as markup in a page without the app or its CSP)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const seen = await watchForXss(context, page, 'about:');
    await page.setContent('<main id="target"></main>');
    // Not the meta refresh: it would take this page away before it could be read (in the app, a
    // navigation would show as a foreign URL and a request to the canary host).
    const live = P.filter((payload) => !payload.includes('http-equiv="refresh"'));
    await page.evaluate((html) => (document.getElementById('target')!.innerHTML = html), live.join('\n'));
    await expect
      .poll(async () => {
        const caught = await seen();
        return { ran: typeof caught.xss === 'string', requests: caught.canaryRequests.length > 0 };
      }, { timeout: 10_000 })
      .toEqual({ ran: true, requests: true });
    expect((await injectedMarkup(page)).length).toBeGreaterThan(10);
    await context.close();
  });

  it('registration: the form and the registration API take the payloads; search results show them as text', async () => {
    person = await Person.sitsDownAt(browser, room.url);
    report = await watchForXss(person.page.context(), person.page, room.url);
    await person.logsIn('registrar');

    await person.opens('register');
    await person.registration.typesPersonalNumber(main.personalNumber);
    await person.registration.looksUpInPopulationRegister();
    await expect.poll(() => person.registration.outcome().innerText()).toBe(person.t('register.notFound'));
    await person.registration.field('patient.family').fill(main.family);
    await person.registration.field('patient.given').fill(main.given);
    await person.registration.field('patient.patronymic').fill(main.patronymic);
    await person.registration.field('patient.address').fill(main.address);
    await person.registration.registers();

    await Promise.all(people.slice(1).map((p) => api(person.page, 'patients.register', { ...p, birthDate: BIRTH_DATE })));

    await person.opens('search');
    await person.search.typesQuery('07.07.1977');
    await expect.poll(() => person.search.results().getByRole('row').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(people.length);
    await expectOnScreen(person.page, 'search results', people.flatMap((p) => [p.family, p.given]));
    expect(clean(await report())).toEqual(QUIET);
  });

  it('the sync inbox shows a refused registration carrying payloads as text', async () => {
    // Central already has this personal number (written there directly), the workstation does not:
    // its registration is refused by Central and lands in the inbox with both versions.
    const taken = makePersonalNumber(BIRTH_DATE, 'male', 'H', 990);
    const running = central.running();
    const created = await fetch(`${central.url}/fhir/Patient`, {
      method: 'POST',
      headers: { ...headersFor(running, 'registrar'), 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Patient', identifier: [{ system: SYSTEMS.personalNumber, value: taken }], name: [{ family: 'Занятый', given: ['Номер'] }], birthDate: BIRTH_DATE, gender: 'male' }),
    });
    expect(created.status).toBe(201);
    const refused = { personalNumber: taken, family: byId('x34'), given: byId('x14'), patronymic: byId('x37'), address: byId('x38'), sex: 'male' as const, birthDate: BIRTH_DATE };
    await api(person.page, 'patients.register', refused);

    await person.opens('sync');
    await expect.poll(() => person.sync.inboxItems().count(), { timeout: 60_000, interval: 1000 }).toBeGreaterThan(0);
    await expectOnScreen(person.page, 'the sync inbox', [refused.family, refused.given]);
    expect(clean(await report())).toEqual(QUIET);
    await person.logsOut();
  });

  it('an institution feed full of payloads reaches the chart: summary, timeline, labs, studies and anamnesis show them as text', async () => {
    await person.logsIn('doctor');
    // The registrations (all but the refused one) have reached Central.
    await expect.poll(async () => (await api<{ pending: number }>(person.page, 'sync.status', {})).pending, { timeout: 60_000, interval: 500 }).toBe(0);
    const lab = await registerTestInstitution(central.running() as TestCentral, { unp: KNOWN_ENTITIES[2]!.unp, kind: 'laboratory' });
    const sent = await lab.call('POST', '/feeds', hostileFeed({ ...main, birthDate: BIRTH_DATE }));
    expect(sent.status, JSON.stringify(sent.body?.outcome ?? sent.body)).toBeLessThan(300);
    await expect.poll(async () => (await lab.call('GET', `/feeds/${sent.body.id}`)).body.status, { timeout: 60_000, interval: 500 }).not.toBe('received');
    const processed = (await lab.call('GET', `/feeds/${sent.body.id}`)).body;
    expect(processed, JSON.stringify(processed.outcome)).toMatchObject({ status: 'accepted', summary: { patients: { known: 1 } } });

    const patientId = (await api<{ items: { id: string }[] }>(person.page, 'patients.search', { query: main.personalNumber })).items[0]!.id;
    await expect
      .poll(async () => (await api<{ labs: unknown[] }>(person.page, 'chart.get', { patientId })).labs.length, { timeout: 90_000, interval: 1000 })
      .toBeGreaterThanOrEqual(P.length);

    await person.opens('search');
    await person.search.typesQuery(main.personalNumber);
    await person.search.opensChartOf(fullName(main));
    await expect.poll(() => person.chart.patientName().innerText()).toContain(main.family);
    await expectOnScreen(person.page, 'the chart summary', [main.family, main.given, byId('x02'), byId('x03'), ...P]);

    await person.chart.opensSection('timeline');
    await expandsEveryEntry(person);
    await expectOnScreen(person.page, 'the timeline (the discharge note opened)', P.slice(24, 36).map((payload) => narrativeText(dischargeHtml(payload))));

    await person.chart.opensSection('labs');
    await expectOnScreen(person.page, 'lab results', P);

    await person.chart.opensSection('studies');
    const narratives = P.slice(0, 12).map((payload) => narrativeText(studyNarrative(payload))).filter(Boolean);
    await expectOnScreen(person.page, 'studies (narrative XHTML)', narratives);

    await person.chart.opensSection('anamnesis');
    await expectOnScreen(person.page, 'the anamnesis', [...P, narrativeText(anamnesisHtml)]);
    expect(clean(await report())).toEqual(QUIET);
  });

  it('a visit documented with payloads in every note section, prescriptions and diagnosis text shows them as text', async () => {
    await person.chart.startsDocumentingVisit();
    await person.visit.writes('complaints', P.join('\n'));
    await person.visit.writes('anamnesis', P.slice(0, 24).join(' '));
    await person.visit.writes('examination', P.slice(24).join(' '));
    await person.visit.writes('plan', [...P].reverse().join('\n'));
    await person.visit.diagnoses('бронхит', 'J20.9');
    await person.visit.prescribes(byId('x01'), byId('x14'));
    await person.visit.prescribes(byId('x44'), byId('x34'));
    expect(await person.page.getByRole('textbox', { name: person.t('noteSections.complaints') }).inputValue()).toBe(P.join('\n'));
    expect(await injectedMarkup(person.page), 'markup from the data on the visit form').toEqual([]);
    // Signed off from the keyboard (Ctrl+Enter), as a doctor at the keyboard does.
    await person.page.keyboard.press('Control+Enter');
    await person.page.getByRole('tab', { name: new RegExp(`^${person.t('chart.tabs.timeline')}`), selected: true }).waitFor();

    const patientId = (await api<{ items: { id: string }[] }>(person.page, 'patients.search', { query: main.personalNumber })).items[0]!.id;
    // The diagnosis text itself, through the API the visit form calls (the form picks titles from ICD-10).
    await api(person.page, 'visits.save', { patientId, complaints: byId('x45'), diagnoses: P.slice(0, 20).map((payload, i) => ({ code: 'J20.9', title: payload, primary: i === 0 })), status: 'final' });

    await person.opens('search');
    await person.search.typesQuery(main.personalNumber);
    await person.search.opensChartOf(fullName(main));
    await person.chart.opensSection('timeline');
    await expandsEveryEntry(person);
    await expectOnScreen(person.page, 'the timeline with the visits opened', [...P, byId('x44'), ...P.slice(0, 20)]);
    expect(clean(await report())).toEqual(QUIET);
    // Nothing reached the canary host from any page, and the app never left its origin.
    expect((await report()).canaryRequests.filter((url) => url.includes(CANARY_HOST))).toEqual([]);
  });
});
