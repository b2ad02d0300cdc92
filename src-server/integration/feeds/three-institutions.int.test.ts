import type { Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { feedBundle, hospitalStay, labOrder, type PersonStyle, type Sender } from '../../../test/fixtures/integration/feed-bundles.js';
import { startTestCentral, type TestCentral } from '../../../test/support/central.js';
import { demoPerson, type DemoPerson } from '../../demo/people.js';
import { fhirClient } from '../../fhir/testing.js';
import { KNOWN_ENTITIES } from '../../registers/legal-entities/simulated-entities.js';
import { attachRegisters } from '../../registers/registry.js';
import { startSimulatedRegisters, type SimulatedRegisters } from '../../registers/testing.js';
import { centralClient, registerTestInstitution, type TestInstitution } from '../testing.js';
import { retryWaitingSubmissions } from './process.js';

/**
 * The proof of issue 7: three institutions send a few thousand records about 120 people whose sets
 * overlap: a hospital with personal numbers, a laboratory naming people by personal number only,
 * a private clinic with demographics only (some in Latin letters, some with a typo). At the end
 * there is one Patient per person and every record sits with the right one; sending it all again
 * changes nothing.
 */
const HOSPITAL: Sender = { system: 'https://his.gkbsmp.by' };
const LAB: Sender = { system: 'https://lis.labdiagnostika.by' };
const CLINIC: Sender = { system: 'https://mis.zdorovaya-semya.by' };
const PEOPLE = Array.from({ length: 120 }, (_, i) => demoPerson(600 + i));
const TYPO = new Set([100, 101, 102]);

type Item = { person: DemoPerson; style: PersonStyle; records: ReturnType<typeof labOrder> };
const inBundles = (sender: Sender, items: Item[], size = 8): Bundle[] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => feedBundle(sender, items.slice(i * size, i * size + size)));

function hospitalFeed(): Bundle[] {
  return inBundles(HOSPITAL, PEOPLE.slice(0, 80).map((person, i) => ({
    person, style: 'personal-number',
    records: [...hospitalStay(HOSPITAL, person, `S-${i}-1`, ['I10', 'J18.9', 'K35.8', 'E11.9'][i % 4]!), ...labOrder(HOSPITAL, person, `H-${i}-1`, i), ...labOrder(HOSPITAL, person, `H-${i}-2`, i + 1, '2025-02-09T08:00:00+03:00'), ...labOrder(HOSPITAL, person, `H-${i}-3`, i + 2, '2025-02-10T08:00:00+03:00')],
  })));
}
function labFeed(): Bundle[] {
  return inBundles(LAB, PEOPLE.slice(60, 120).map((person, k) => ({
    person, style: 'reference-only', records: [...labOrder(LAB, person, `L-${60 + k}-1`, k + 2), ...labOrder(LAB, person, `L-${60 + k}-2`, k + 3, '2025-04-01T08:00:00+03:00')],
  })));
}
function clinicFeed(): Bundle[] {
  return inBundles(CLINIC, PEOPLE.slice(40, 120).map((original, k) => {
    const i = 40 + k;
    const person = TYPO.has(i) ? { ...original, family: `${original.family.slice(0, -1)}ю` } : original;
    return { person, style: i % 2 ? 'latin' : 'demographics', records: [...labOrder(CLINIC, person, `C-${i}-1`, i), ...labOrder(CLINIC, person, `C-${i}-2`, i + 5, '2025-05-05T08:00:00+03:00')] };
  }));
}

describe('three institutions, overlapping people, a few thousand records', () => {
  let central: TestCentral;
  let sims: SimulatedRegisters;
  let institutions: { hospital: TestInstitution; lab: TestInstitution; clinic: TestInstitution };
  const send = async (institution: TestInstitution, bundles: Bundle[]) => {
    const views = [];
    for (const bundle of bundles) views.push((await institution.call('POST', '/feeds', bundle)).body);
    return views;
  };
  const submissions = async () => {
    const all = [];
    for (const institution of Object.values(institutions)) all.push(...(await institution.call('GET', '/feeds?_count=200')).body.submissions);
    return all as { id: string; status: string; summary: { entries: number; created: number; updated: number; withdrawn: number; held: number } }[];
  };
  const count = async (sql: string) => Number((await central.ctx.db.query<{ n: number }>(sql)).rows[0]!.n);

  beforeAll(async () => {
    central = await startTestCentral();
    sims = await startSimulatedRegisters({ seed: 1, timeoutMs: 10_000 });
    attachRegisters(central.ctx, sims.registers, { background: false });
    institutions = {
      hospital: await registerTestInstitution(central, { unp: KNOWN_ENTITIES[1]!.unp, kind: 'hospital', system: 'HIS' }),
      lab: await registerTestInstitution(central, { unp: KNOWN_ENTITIES[2]!.unp, kind: 'laboratory' }),
      clinic: await registerTestInstitution(central, { unp: KNOWN_ENTITIES[3]!.unp, kind: 'private-clinic', system: 'MIS' }),
    };
    // The polyclinic registered the first 60 people long ago.
    const registrar = fhirClient(central, 'registrar');
    for (const person of PEOPLE.slice(0, 60)) {
      await registrar('POST', '/Patient', { resourceType: 'Patient', identifier: [{ system: SYSTEMS.personalNumber, value: person.personalNumber }], name: [{ family: person.family, given: [person.given, ...(person.patronymic ? [person.patronymic] : [])] }], birthDate: person.birthDate, gender: person.sex });
    }
  }, 300_000);
  afterAll(async () => {
    await central?.close();
    await sims?.close();
  });

  it('ends with one Patient per person and every record with the right person; a typo waits for review', { timeout: 600_000 }, async () => {
    await Promise.all([send(institutions.hospital, hospitalFeed()), send(institutions.lab, labFeed())]);
    await send(institutions.clinic, clinicFeed());
    // Anything left waiting (the register slow under load) is finished the way the background worker would.
    await retryWaitingSubmissions(central.ctx, { olderThan: new Date(Date.now() + 60_000) });
    const views = await submissions();
    const sent = views.reduce((n, v) => n + v.summary.entries, 0);
    expect(sent).toBeGreaterThan(2500);
    expect(views.map((v) => v.status).filter((status) => status !== 'accepted' && status !== 'review')).toEqual([]);

    // The three people with a mistyped surname wait for review; a registrar attaches each to the right Patient.
    const queue = (await centralClient(central, 'registrar')('GET', '/feeds/review')).body.items as { id: string; candidates: { patientId: string; personalNumber: string }[] }[];
    expect(queue).toHaveLength(TYPO.size);
    for (const item of queue) {
      expect(item.candidates).toHaveLength(1);
      expect((await centralClient(central, 'registrar')('POST', `/feeds/review/${item.id}/attach`, { patientId: item.candidates[0]!.patientId })).status).toBe(200);
    }

    expect(await count(`SELECT count(*)::int AS n FROM resource WHERE resource_type = 'Patient' AND NOT deleted`)).toBe(PEOPLE.length);
    expect(await count(`SELECT count(*)::int AS n FROM patient_personal_number`)).toBe(PEOPLE.length);
    const { rows } = await central.ctx.db.query<{ value: string; personal_number: string | null }>(
      `SELECT r.content->'identifier'->0->>'value' AS value, n.personal_number FROM resource r LEFT JOIN patient_personal_number n ON n.patient_id = r.patient_id
       WHERE r.resource_type IN ('Observation', 'DiagnosticReport', 'Encounter', 'Condition') AND NOT r.deleted`,
    );
    const expected = rows.map((row) => PEOPLE[Number(/^[A-Z]+-(\d+)-/.exec(row.value)![1])]!.personalNumber);
    expect(rows.map((row) => row.personal_number)).toEqual(expected);
    const patientEntries = PEOPLE.slice(0, 80).length + PEOPLE.slice(40, 120).length;
    expect(rows.length).toBe(sent - patientEntries);
    expect(await count(`SELECT count(*)::int AS n FROM feed_submission WHERE status <> 'accepted'`)).toBe(0);
  });

  it('changes nothing when all three send everything again', { timeout: 600_000 }, async () => {
    const versions = await count(`SELECT count(*)::int AS n FROM resource_history`);
    const before = new Set((await submissions()).map((v) => v.id));
    await send(institutions.hospital, hospitalFeed());
    await send(institutions.lab, labFeed());
    await send(institutions.clinic, clinicFeed());
    await retryWaitingSubmissions(central.ctx, { olderThan: new Date(Date.now() + 60_000) });
    const views = (await submissions()).filter((v) => !before.has(v.id));
    expect(views.length).toBeGreaterThan(20);
    expect(views.every((v) => v.status === 'accepted' && v.summary.created + v.summary.updated + v.summary.withdrawn === 0 && v.summary.held === 0)).toBe(true);
    expect(await count(`SELECT count(*)::int AS n FROM resource_history`)).toBe(versions);
    expect(await count(`SELECT count(*)::int AS n FROM feed_review_item WHERE status = 'pending'`)).toBe(0);
  });
});
