import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { feedBundle, labOrder, type Sender } from '../../../test/fixtures/integration/feed-bundles.js';
import { startTestCentral, type TestCentral } from '../../../test/support/central.js';
import { demoPerson, UNREGISTERED_FROM, type DemoPerson } from '../../demo/people.js';
import { fhirClient } from '../../fhir/testing.js';
import { KNOWN_ENTITIES } from '../../registers/legal-entities/simulated-entities.js';
import { attachRegisters } from '../../registers/registry.js';
import { startSimulatedRegisters, type SimulatedRegisters } from '../../registers/testing.js';
import { centralClient, registerTestInstitution, type TestInstitution } from '../testing.js';
import { processSubmission, retryWaitingSubmissions } from './process.js';
import { insertSubmission } from './submissions.js';

const LAB: Sender = { system: 'https://lis.labdiagnostika.by' };
const CLINIC: Sender = { system: 'https://mis.zdorovaya-semya.by' };

describe('matching feeds to people, the review queue, and failures half way', () => {
  let central: TestCentral;
  let sims: SimulatedRegisters;
  let lab: TestInstitution;
  let clinic: TestInstitution;
  const registrar = () => centralClient(central, 'registrar');

  const register = async (person: DemoPerson) =>
    (await fhirClient(central, 'registrar')('POST', '/Patient', {
      resourceType: 'Patient', identifier: [{ system: SYSTEMS.personalNumber, value: person.personalNumber }],
      name: [{ family: person.family, given: [person.given, ...(person.patronymic ? [person.patronymic] : [])] }], birthDate: person.birthDate, gender: person.sex,
    })).body.id as string;
  const patientsNamed = async (person: DemoPerson) =>
    (await central.ctx.db.query<{ id: string }>(`SELECT id FROM resource WHERE resource_type = 'Patient' AND NOT deleted AND content->>'birthDate' = $1 AND content->'gender' = to_jsonb($2::text)`, [person.birthDate, person.sex])).rows.map((r) => r.id);
  const recordsOf = async (patientId: string) => Number((await central.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM resource WHERE patient_id = $1 AND resource_type <> 'Patient' AND NOT deleted`, [patientId])).rows[0]!.n);

  beforeAll(async () => {
    central = await startTestCentral();
    sims = await startSimulatedRegisters({ seed: 1 });
    attachRegisters(central.ctx, sims.registers, { background: false });
    lab = await registerTestInstitution(central, { unp: KNOWN_ENTITIES[2]!.unp, kind: 'laboratory' });
    clinic = await registerTestInstitution(central, { unp: KNOWN_ENTITIES[3]!.unp, kind: 'private-clinic', system: 'MIS' });
  });
  afterAll(async () => {
    await central?.close();
    await sims?.close();
  });

  it('attaches records without a personal number to the registered person when the demographics are certain (Latin spelling)', async () => {
    const person = demoPerson(41);
    const patientId = await register(person);
    const sent = await lab.call('POST', '/feeds', feedBundle(LAB, [{ person, style: 'latin', records: labOrder(LAB, person, 'L-41', 1) }]));
    expect(sent.body).toMatchObject({ status: 'accepted', summary: { patients: { known: 1, created: 0, review: 0 } } });
    expect(await patientsNamed(person)).toEqual([patientId]);
    expect(await recordsOf(patientId)).toBe(sent.body.summary.created);
  });

  it('holds records whose person is uncertain for review; attaching writes them to the chosen Patient', async () => {
    const person = demoPerson(42);
    const patientId = await register(person);
    const typo = { ...person, family: person.family.slice(0, -1) + (person.family.endsWith('а') ? 'о' : 'а'), personalNumber: '' };
    const sent = await clinic.call('POST', '/feeds', feedBundle(CLINIC, [{ person: typo, style: 'demographics', records: labOrder(CLINIC, person, 'C-42', 2) }]));
    expect(sent.body).toMatchObject({ status: 'review', summary: { created: 0, held: expect.any(Number), patients: { review: 1 } } });
    expect(await recordsOf(patientId)).toBe(0);

    const queue = (await registrar()('GET', '/feeds/review')).body.items;
    const item = queue.find((i: { id: string }) => i.id === sent.body.summary.reviewItems[0]);
    expect(item).toMatchObject({ person: { birthDate: person.birthDate }, candidates: [{ patientId, name: expect.stringContaining(person.given) }], records: { DiagnosticReport: 1 } });
    expect(JSON.stringify(item)).not.toContain('valueQuantity'); // the queue never shows clinical content

    // A resend while waiting joins the same item instead of a second one.
    const resent = await clinic.call('POST', '/feeds', feedBundle(CLINIC, [{ person: typo, style: 'demographics', records: labOrder(CLINIC, person, 'C-42', 2) }]));
    expect(resent.body.summary.reviewItems).toEqual(sent.body.summary.reviewItems);

    const attached = await registrar()('POST', `/feeds/review/${item.id}/attach`, { patientId });
    expect(attached.body).toMatchObject({ status: 'attached', resolution: { patientId } });
    expect(await recordsOf(patientId)).toBe(sent.body.summary.held - 1);
    expect((await clinic.call('GET', `/feeds/${sent.body.id}`)).body.status).toBe('accepted');
    expect((await registrar()('POST', `/feeds/review/${item.id}/reject`, { reason: 'x' })).status).toBe(409);
    // The clinic's key for the person now leads to the Patient: the next feed attaches at once.
    const next = await clinic.call('POST', '/feeds', feedBundle(CLINIC, [{ person: typo, style: 'demographics', records: labOrder(CLINIC, person, 'C-42b', 3) }]));
    expect(next.body).toMatchObject({ status: 'accepted', summary: { patients: { known: 1 } } });
    expect(await patientsNamed(person)).toEqual([patientId]);
  });

  it('rejecting a review item writes nothing and closes the submission', async () => {
    const person = demoPerson(43);
    await register(person);
    const wrongDate = { ...person, birthDate: person.birthDate.slice(0, 9) + String((Number(person.birthDate[9]) + 1) % 10) };
    const sent = await lab.call('POST', '/feeds', feedBundle(LAB, [{ person: wrongDate, style: 'demographics', records: labOrder(LAB, person, 'L-43', 1) }]));
    expect(sent.body.status).toBe('review');
    const id = sent.body.summary.reviewItems[0];
    expect((await centralClient(central, 'privacy-officer')('POST', `/feeds/review/${id}/reject`, { reason: 'no' })).status).toBe(403);
    expect((await registrar()('POST', `/feeds/review/${id}/reject`, { reason: 'Другой человек; лаборатория уведомлена' })).body.status).toBe('rejected');
    expect((await lab.call('GET', `/feeds/${sent.body.id}`)).body.status).toBe('accepted');
    expect(Number((await central.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM feed_source_record WHERE source_key LIKE '%L-43%'`)).rows[0]!.n)).toBe(0);
  });

  it('creates a Patient for a person certainly new, once, even when two institutions send them together', async () => {
    const person = { ...demoPerson(44), personalNumber: '' };
    const [a, b] = await Promise.all([
      lab.call('POST', '/feeds', feedBundle(LAB, [{ person, style: 'demographics', records: labOrder(LAB, person, 'L-44', 1) }])),
      clinic.call('POST', '/feeds', feedBundle(CLINIC, [{ person, style: 'demographics', records: labOrder(CLINIC, person, 'C-44', 2) }])),
    ]);
    expect([a.body.status, b.body.status]).toEqual(['accepted', 'accepted']);
    expect([a.body.summary.patients.created + b.body.summary.patients.created]).toEqual([1]);
    const ids = await patientsNamed(person);
    expect(ids).toHaveLength(1);
    expect(await recordsOf(ids[0]!)).toBe(a.body.summary.created + b.body.summary.created);
  });

  it('creates the Patient from the population register when a feed names a person only by personal number; an outage loses nothing', async () => {
    const person = demoPerson(UNREGISTERED_FROM + 5);
    sims.population.setFaults({ down: true });
    const sent = await lab.call('POST', '/feeds', feedBundle(LAB, [{ person, style: 'reference-only', records: labOrder(LAB, person, 'L-R5', 1) }]));
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ status: 'received', waitingFor: expect.stringContaining('population register') });
    expect(await patientsNamed(person)).toEqual([]);

    sims.population.setFaults({});
    expect(await retryWaitingSubmissions(central.ctx, { olderThan: new Date(Date.now() + 60_000) })).toBe(1);
    const done = (await lab.call('GET', `/feeds/${sent.body.id}`)).body;
    expect(done).toMatchObject({ status: 'accepted', summary: { patients: { created: 1 } } });
    const [patientId] = await patientsNamed(person);
    const patient = (await fhirClient(central, 'doctor')('GET', `/Patient/${patientId}`)).body;
    expect(patient.name[0]).toMatchObject({ family: person.family, given: [person.given, person.patronymic] });
    expect(await recordsOf(patientId!)).toBe(done.summary.created);
    expect(await retryWaitingSubmissions(central.ctx, { olderThan: new Date(Date.now() + 60_000) })).toBe(0);
  });

  it('loses nothing and duplicates nothing when processing fails half way', async () => {
    const person = demoPerson(45);
    const patientId = await register(person);
    const id = 'half-way-1';
    await insertSubmission(central.ctx.db, { id, client_id: lab.clientId, organization_id: lab.organizationId, channel: 'fhir', received_at: new Date(), origin_ip: '127.0.0.1', bundle: feedBundle(LAB, [{ person, style: 'personal-number', records: labOrder(LAB, person, 'L-45', 2) }]) });
    const before = await central.ctx.db.query(`SELECT count(*)::int AS n FROM resource_history`);
    await processSubmission(central.ctx, id, { beforeCommit: () => { throw new Error('power cut'); } });
    expect((await central.ctx.db.query(`SELECT count(*)::int AS n FROM resource_history`)).rows).toEqual(before.rows);
    expect((await lab.call('GET', `/feeds/${id}`)).body).toMatchObject({ status: 'received', waitingFor: expect.any(String) });

    await processSubmission(central.ctx, id);
    await processSubmission(central.ctx, id);
    const done = (await lab.call('GET', `/feeds/${id}`)).body;
    expect(done.status).toBe('accepted');
    expect(await recordsOf(patientId)).toBe(done.summary.created);
    expect(await patientsNamed(person)).toEqual([patientId]);
  });
});
