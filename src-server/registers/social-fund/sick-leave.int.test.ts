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

describe('electronic sick-leave certificates through the outbox to the Social Protection Fund', () => {
  let central: TestCentral;
  let sims: SimulatedRegisters;
  let doctor: CentralCall;
  let patientId: string;
  let encounterId: string;
  const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);
  const dispatch = (minutes = 0) => dispatchSickLeave(central.ctx, sims.registers.socialFund, { now: later(minutes) });

  beforeAll(async () => {
    central = await startTestCentral();
    sims = await startSimulatedRegisters({ seed: 5, timeoutMs: 300 });
    attachRegisters(central.ctx, sims.registers, { background: false });
    const clinic = KNOWN_ENTITIES[0]!;
    const organization = await fhirClient(central, 'clinic-admin')('POST', '/Organization', { resourceType: 'Organization', name: clinic.shortName, identifier: [{ system: SYSTEMS.unp, value: clinic.unp }] });
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
    const stated = await outsider('POST', '/registers/sick-leave', certificate, { 'x-break-glass-reason': encodeURIComponent('Травма в командировке') });
    expect(stated.status).toBe(201);
    const recorded = await central.ctx.db.query<{ outcome: string; break_glass: boolean }>(`SELECT outcome, break_glass FROM audit_event WHERE agent_subject = 'doc-outsider' AND action = 'create' ORDER BY seq`);
    // The refused attempt is on record too, as a failure.
    expect(recorded.rows).toEqual([{ outcome: 'failure', break_glass: false }, { outcome: 'success', break_glass: true }]);
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
