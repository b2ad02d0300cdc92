import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { staffPrincipal } from '../../../test/support/auth.js';
import { startTestCentral, type TestCentral } from '../../../test/support/central.js';
import { demoPerson } from '../../demo/people.js';
import { fhirClient } from '../../fhir/testing.js';
import { centralClient, type CentralCall } from '../../integration/testing.js';
import { KNOWN_ENTITIES } from '../legal-entities/simulated-entities.js';
import { attachRegisters } from '../registry.js';
import { startSimulatedRegisters, type SimulatedRegisters } from '../testing.js';
import { dispatchSickLeave } from './dispatcher.js';
import { REFUSAL_SYSTEM } from '../../../shared/fhir/outcomes.js';
import { enrolWorkstation } from '../../../test/sim/support/seed-central.js';
import { deviceTokenOf, syncCaller } from '../../../test/sim/support/sync-http.js';

describe('electronic sick-leave certificates through the outbox to the Social Protection Fund', () => {
  let central: TestCentral;
  let sims: SimulatedRegisters;
  let doctor: CentralCall;
  let patientId: string;
  let encounterId: string;
  let organizationId: string;
  /** A doctor's audit trail, oldest first: what was done, how it ended, what it names. */
  const trail = async (subject: string) =>
    (await central.ctx.db.query<{ action: string; outcome: string; break_glass: boolean; content: { entity: { what?: { reference: string } }[] } }>(
      `SELECT action, outcome, break_glass, content FROM audit_event WHERE agent_subject = $1 ORDER BY seq`,
      [subject],
    )).rows;
  const steps = (subject: string) => trail(subject).then((rows) => rows.map((row) => `${row.action}:${row.outcome}${row.break_glass ? ':BTG' : ''}`));
  const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);
  const dispatch = (minutes = 0) => dispatchSickLeave(central.ctx, sims.registers.socialFund, { now: later(minutes) });

  beforeAll(async () => {
    central = await startTestCentral();
    sims = await startSimulatedRegisters({ seed: 5, timeoutMs: 300 });
    attachRegisters(central.ctx, sims.registers, { background: false });
    const clinic = KNOWN_ENTITIES[0]!;
    const organization = await fhirClient(central, 'clinic-admin')('POST', '/Organization', { resourceType: 'Organization', name: clinic.shortName, identifier: [{ system: SYSTEMS.unp, value: clinic.unp }] });
    organizationId = organization.body.id;
    const person = demoPerson(21);
    const fhir = fhirClient(central, 'doctor');
    patientId = (await fhir('POST', '/Patient', { resourceType: 'Patient', identifier: [{ system: SYSTEMS.personalNumber, value: person.personalNumber }], name: [{ family: person.family, given: [person.given] }], managingOrganization: { reference: `Organization/${organization.body.id}` } })).body.id;
    encounterId = (await fhir('POST', '/Encounter', { resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' }, subject: { reference: `Patient/${patientId}` } })).body.id;
    doctor = centralClient(central, staffPrincipal('doctor', { organizationId: organization.body.id, display: 'Петрова О. И.' }));
  });
  afterAll(async () => {
    await central?.close();
    await sims?.close();
  });

  const open = (from = '2025-03-03', to = '2025-03-07') => doctor('POST', '/registers/sick-leave', { patientId, encounterId, reason: 'disease', diagnosis: 'J06.9', from, to });

  it('opens a certificate at a visit; the Fund answers with its number', async () => {
    const opened = await open();
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ status: 'open', period: { from: '2025-03-03', to: '2025-03-07' }, encounterId });
    await dispatch();
    const seen = await doctor('GET', `/registers/sick-leave/${opened.body.id}`);
    expect(seen.body.fund).toMatchObject({ status: 'confirmed', certificateNumber: expect.stringMatching(/^ЭЛН-\d{4}-\d{6}$/), confirmed: { status: 'open', to: '2025-03-07' } });
    const fund = sims.socialFund.certificates.get(opened.body.id)!;
    expect(fund).toMatchObject({ personalNumber: demoPerson(21).personalNumber, status: 'open' });
  });

  it('keeps open, extend and close in the outbox while the Fund is down, then sends each exactly once, in order', async () => {
    sims.socialFund.setFaults({ down: true });
    const opened = await open('2025-04-01', '2025-04-05');
    const id = opened.body.id;
    expect((await doctor('POST', `/registers/sick-leave/${id}/extend`, { to: '2025-04-12' })).body).toMatchObject({ period: { to: '2025-04-12' }, fund: { status: 'pending' } });
    expect((await doctor('POST', `/registers/sick-leave/${id}/close`, { returnToWorkOn: '2025-04-11' })).body).toMatchObject({ status: 'closed', period: { to: '2025-04-10' } });
    expect(await dispatch()).toMatchObject({ accepted: 0, postponed: 1 });
    // The Fund comes back, but first answers are lost after it acted on them: resends must not act twice.
    sims.socialFund.setFaults({ lostAnswerRate: 0.5, errorRate: 0.2 });
    for (let minutes = 10; minutes < 600 && (await doctor('GET', `/registers/sick-leave/${id}`)).body.fund.status === 'pending'; minutes += 10) await dispatch(minutes);
    sims.socialFund.setFaults({});

    const view = (await doctor('GET', `/registers/sick-leave/${id}`)).body;
    expect(view.fund).toMatchObject({ status: 'confirmed', confirmed: { status: 'closed', from: '2025-04-01', to: '2025-04-10' } });
    expect(view.operations.map((op: { kind: string; status: string }) => `${op.kind}:${op.status}`)).toEqual(['open:accepted', 'extend:accepted', 'close:accepted']);
    const fund = sims.socialFund.certificates.get(id)!;
    expect(fund.operations.map((op) => op.operationId)).toEqual(view.operations.map((op: { id: string }) => op.id));
    expect(view.operations.some((op: { attempts: number }) => op.attempts > 1)).toBe(true);
  });

  it('refuses locally what the Fund would refuse, and shows the Fund\'s own refusal on the certificate', async () => {
    const backwards = await open('2025-05-10', '2025-05-01');
    expect(backwards.status).toBe(422);
    // The rule's code travels with the words, for the doctor's screen to say in its language.
    expect(backwards.body.issue[0].details.coding).toEqual([{ system: REFUSAL_SYSTEM, code: 'sick-leave.ends-before-start' }]);
    const opened = await open('2025-05-01', '2025-05-05');
    await dispatch();
    // The Fund cancels the certificate on its side (say, a duplicate from another clinic); our extension is refused.
    sims.socialFund.certificates.get(opened.body.id)!.status = 'cancelled';
    await doctor('POST', `/registers/sick-leave/${opened.body.id}/extend`, { to: '2025-05-09' });
    await doctor('POST', `/registers/sick-leave/${opened.body.id}/close`, { returnToWorkOn: '2025-05-10' });
    expect(await dispatch()).toMatchObject({ refused: 1 });
    const view = (await doctor('GET', `/registers/sick-leave/${opened.body.id}`)).body;
    expect(view.fund).toMatchObject({ status: 'refused', message: 'The certificate is cancelled' });
    expect(view.operations.map((op: { status: string }) => op.status)).toEqual(['accepted', 'refused', 'blocked']);
  });

  it('lists a patient\'s certificates for clinicians and keeps them from other roles and other clinics', async () => {
    const list = await doctor('GET', `/registers/sick-leave?patient=${patientId}`);
    expect(list.body.certificates).toHaveLength(3);
    expect((await centralClient(central, 'registrar')('GET', `/registers/sick-leave?patient=${patientId}`)).status).toBe(403);
    const nurse = centralClient(central, 'nurse');
    expect((await nurse('POST', '/registers/sick-leave', { patientId, reason: 'disease', diagnosis: 'J06.9', from: '2025-06-01', to: '2025-06-03' })).status).toBe(403);
    const elsewhere = centralClient(central, staffPrincipal('doctor', { organizationId: 'other-clinic' }));
    expect((await elsewhere('POST', `/registers/sick-leave/${list.body.certificates[0].id}/cancel`, { reason: 'x' })).status).toBe(404);
    expect((await doctor('POST', '/registers/sick-leave', { patientId, reason: 'flu', diagnosis: 'J06.9', from: '2025-06-01', to: '2025-06-03' })).body.issue[0].expression).toEqual(['reason']);
    // Another clinic's doctor opens one for this clinic's patient only with a stated reason, recorded as break-the-glass.
    const otherClinic = KNOWN_ENTITIES[1]!;
    const other = await fhirClient(central, 'clinic-admin')('POST', '/Organization', { resourceType: 'Organization', name: otherClinic.shortName, identifier: [{ system: SYSTEMS.unp, value: otherClinic.unp }] });
    const outsider = centralClient(central, staffPrincipal('doctor', { organizationId: other.body.id, subject: 'doc-outsider' }));
    const certificate = { patientId, reason: 'disease', diagnosis: 'J06.9', from: '2025-06-01', to: '2025-06-03' };
    const refused = await outsider('POST', '/registers/sick-leave', certificate);
    expect(refused.status).toBe(403);
    expect(refused.body.issue[0].details.coding).toEqual([{ system: REFUSAL_SYSTEM, code: 'outside-scope' }]);
    const glass = { 'x-break-glass-reason': encodeURIComponent('Травма в командировке') };
    const stated = await outsider('POST', '/registers/sick-leave', certificate, glass);
    expect(stated.status).toBe(201);
    // Its next steps, and reading it, stay under the same rule: the certificate is theirs, the patient is not.
    const path = `/registers/sick-leave/${stated.body.id}`;
    const unstated = await outsider('POST', `${path}/extend`, { to: '2025-06-05' });
    expect(unstated.status).toBe(403);
    expect(unstated.body.issue[0].details.coding).toEqual([{ system: REFUSAL_SYSTEM, code: 'outside-scope' }]);
    expect((await outsider('POST', `${path}/extend`, { to: '2025-06-05' }, glass)).body).toMatchObject({ period: { to: '2025-06-05' } });
    expect((await outsider('GET', path)).status).toBe(403);
    expect((await outsider('GET', `/registers/sick-leave?patient=${patientId}`)).status).toBe(403);
    expect((await outsider('GET', `/registers/sick-leave?patient=${patientId}`, undefined, glass)).body.certificates.length).toBeGreaterThan(0);
    // Each attempt is on record once; the refused ones too, as failures.
    expect(await steps('doc-outsider')).toEqual(['create:failure', 'create:success:BTG', 'update:failure', 'update:success:BTG', 'read:failure', 'search:failure', 'search:success:BTG']);
  });

  it('records each step of a certificate over REST as exactly one AuditEvent, refused steps as failures', async () => {
    const doctorOfSteps = centralClient(central, staffPrincipal('doctor', { organizationId, subject: 'doc-steps', display: 'Мельник А. А.' }));
    const opened = await doctorOfSteps('POST', '/registers/sick-leave', { patientId, encounterId, reason: 'disease', diagnosis: 'J06.9', from: '2025-08-01', to: '2025-08-05' });
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    expect((await doctorOfSteps('POST', `/registers/sick-leave/${id}/extend`, { to: '2025-08-08' })).status).toBe(200);
    expect((await doctorOfSteps('POST', `/registers/sick-leave/${id}/close`, { returnToWorkOn: '2025-08-09' })).status).toBe(200);
    // Refused by the Fund's rules (a closed certificate, dates backwards): nothing changes, the attempt is on record.
    expect((await doctorOfSteps('POST', `/registers/sick-leave/${id}/cancel`, { reason: 'ошибка' })).status).toBe(422);
    expect((await doctorOfSteps('POST', '/registers/sick-leave', { patientId, reason: 'disease', diagnosis: 'J06.9', from: '2025-08-10', to: '2025-08-01' })).status).toBe(422);
    expect((await doctorOfSteps('GET', `/registers/sick-leave/${id}`)).body.status).toBe('closed');
    expect(await steps('doc-steps')).toEqual(['create:success', 'update:success', 'update:success', 'update:failure', 'create:failure', 'read:success']);
    const [open] = await trail('doc-steps');
    expect(open!.content).toMatchObject({
      action: 'C',
      outcome: '0',
      purposeOfEvent: [{ coding: [{ code: 'TREAT' }] }],
      agent: [{ who: { display: 'Мельник А. А.' }, role: [{ coding: [{ code: 'doctor' }] }], location: { reference: `Organization/${organizationId}` } }],
      entity: [{ what: { reference: `Patient/${patientId}` } }, { what: { reference: `SickLeaveCertificate/${id}` } }],
    });
  });

  it('records a step made at a workstation once: the workstation\'s own AuditEvent, delivered once, and none added by Central', async () => {
    const now = new Date();
    const device = await enrolWorkstation(central.ctx.db, organizationId, 'Кабинет 5', now);
    const sync = syncCaller(central.url, device.deviceId, await deviceTokenOf(central.url, device.deviceId, device.deviceSecret));
    const author = { userId: 'doc-ws', display: 'Сидорук В. В.' };
    // As the workstation records it locally when the doctor makes the step (src-main/services/store/audit-event.ts).
    const event = {
      resourceType: 'AuditEvent',
      id: randomUUID(),
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
      subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'create' }],
      action: 'C',
      recorded: now.toISOString(),
      outcome: '0',
      agent: [
        { who: { identifier: { value: author.userId }, display: author.display }, requestor: true, location: { reference: `Organization/${organizationId}` } },
        { who: { identifier: { system: 'https://medkarta.by/fhir/device', value: device.deviceId } }, requestor: false },
      ],
      source: { observer: { display: 'Кабинет 5' } },
      entity: [{ what: { reference: `Patient/${patientId}` } }],
    };
    const mutations = [
      { mutationId: 1, kind: 'sick-leave', author, args: { action: 'open', certificateId: 'cert-at-workstation', patientId, reason: 'disease', diagnosis: 'J06.9', from: '2025-09-01', to: '2025-09-03' } },
      { mutationId: 2, kind: 'audit', args: { event } },
    ];
    const pushed = await sync.push(mutations);
    expect(pushed.body.results.map((result: { status: string }) => result.status)).toEqual(['applied', 'applied']);
    // The answer was lost and the workstation sends both again.
    await sync.push(mutations);
    const { rows } = await central.ctx.db.query<{ id: string }>(`SELECT id FROM audit_event WHERE agent_subject = $1 OR device_id = $2`, [author.userId, device.deviceId]);
    expect(rows.map((row) => row.id)).toEqual([event.id]);
  });

  it('sends a new certificate at once when background work is on (the route wakes the outbox)', async () => {
    attachRegisters(central.ctx, sims.registers);
    const opened = await open('2025-07-01', '2025-07-03');
    let fund = opened.body.fund;
    for (let i = 0; i < 200 && fund.status === 'pending'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      fund = (await doctor('GET', `/registers/sick-leave/${opened.body.id}`)).body.fund;
    }
    expect(fund.status).toBe('confirmed');
  });
});
