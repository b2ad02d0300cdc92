import type { Bundle, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/sync/version.js';
import { bearerFor } from '../../test/support/auth.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { client, isOutcome, type Client } from '../../test/support/http.js';
import { minimalResource } from '../../test/support/minimal-resources.js';
import { feedHolds } from '../../test/support/change-feed.js';
import { writeResources } from '../fhir/write.js';
import { enrolDevice } from './devices.js';
import type { Principal } from './principal.js';

/**
 * A clinic reaches the full record of the patients in its scope (attached, booked, seen recently,
 * pinned); anyone else's clinical data needs a reason stated in X-Break-Glass-Reason, is recorded
 * as break-the-glass (BALP purposeOfEvent BTG with the reason) and is listed for the privacy officer.
 */
describe('the clinic scope and break-the-glass over FHIR REST', () => {
  let central: TestCentral;
  let doctor: Client;
  let device: { deviceId: string };
  const reason = 'Скорая помощь: пациент без сознания';
  const glass = { 'x-break-glass-reason': encodeURIComponent(reason) };
  const principal = (overrides: Partial<Principal>): Principal => ({ kind: 'user', subject: 'doc-a', display: 'Доктор Агеева', roles: ['doctor'], organizationId: 'org-a', ...overrides });
  const events = async (patientId: string) =>
    (await central.ctx.db.query<{ outcome: string; break_glass: boolean; content: { purposeOfEvent: { coding: { code: string }[]; text?: string }[] } }>(
      `SELECT outcome, break_glass, content FROM audit_event WHERE patient_id = $1 ORDER BY seq`,
      [patientId],
    )).rows;

  beforeAll(async () => {
    central = await startTestCentral();
    const now = central.ctx.now();
    const patient = (id: string, org: string) => ({ ...minimalResource('Patient', id, id, org), name: [{ family: `Фамилия-${id}` }] }) as Resource & { id: string };
    const resources: (Resource & { id: string })[] = [
      { resourceType: 'Organization', id: 'org-a', name: 'Поликлиника № 1' },
      { resourceType: 'Organization', id: 'org-b', name: 'Поликлиника № 2' },
      patient('attached', 'org-a'),
      patient('seen', 'org-b'),
      patient('pinned', 'org-b'),
      patient('outside', 'org-b'),
      { ...minimalResource('Encounter', 'enc-seen', 'seen', 'org-a'), serviceProvider: { reference: 'Organization/org-a' }, period: { start: new Date(now.getTime() - 3 * 86_400_000).toISOString() } } as Resource & { id: string },
    ];
    // FHIR allows a partial date; it must count as no date, not fail the scope query.
    resources.push(patient('partial', 'org-b'), { ...minimalResource('Encounter', 'enc-partial', 'partial', 'org-a'), serviceProvider: { reference: 'Organization/org-a' }, period: { start: '2026-01' } } as Resource & { id: string });
    for (const id of ['attached', 'seen', 'pinned', 'outside', 'partial']) resources.push(minimalResource('Observation', `obs-${id}`, id, 'org-a'));
    await central.ctx.db.transaction((tx) => writeResources(tx, resources.map((resource) => ({ kind: 'update' as const, resource })), now));
    device = await enrolDevice(central.ctx.db, { organizationId: 'org-a', display: 'Кабинет 5', enrolledBy: 'admin' }, now);
    const other = await enrolDevice(central.ctx.db, { organizationId: 'org-b', display: 'Чужой кабинет', enrolledBy: 'admin' }, now);
    await central.ctx.db.query(`INSERT INTO sync_pin (client_id, patient_id, until, reason, pinned_by) VALUES ($1, 'pinned', $2, 'test', 'doc-a'), ($3, 'outside', $2, 'test', 'doc-b')`, [
      device.deviceId,
      new Date(now.getTime() + 86_400_000).toISOString(),
      other.deviceId,
    ]);
    await feedHolds(central, 'outside');
    doctor = client(central, bearerFor(central, principal({ deviceId: device.deviceId })));
  });
  afterAll(() => central.close());

  it('opens the records of attached, recently seen and pinned patients without a reason', async () => {
    for (const id of ['attached', 'seen', 'pinned']) {
      expect((await doctor.get(`/fhir/Observation/obs-${id}`)).status, id).toBe(200);
      expect((await doctor.get(`/fhir/Observation?patient=${id}`)).body.entry, id).toHaveLength(1);
      expect((await doctor.get(`/fhir/Patient/${id}/$everything`)).status, id).toBe(200);
    }
    expect((await events('attached')).every((e) => e.outcome === 'success' && !e.break_glass)).toBe(true);
  });

  it('refuses anyone else\'s clinical data without a reason, by every route, saying how to state one, and records the refusal', async () => {
    const before = (await events('outside')).length;
    const answers = [
      await doctor.get('/fhir/Observation/obs-outside'),
      await doctor.get('/fhir/Observation/obs-outside/_history/1'),
      await doctor.get('/fhir/Observation/obs-outside/_history'),
      await doctor.get('/fhir/Observation?patient=outside'),
      await doctor.get('/fhir/Observation?subject=Patient/outside'),
      await doctor.post('/fhir/Observation/_search', new URLSearchParams({ patient: 'outside' })),
      await doctor.get('/fhir/Observation/_history'),
      await doctor.get('/fhir/Patient/outside/$everything'),
      await doctor.get('/fhir/_changes?patient=outside'),
      await doctor.post('/fhir', { resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'GET', url: 'Observation/obs-outside' } }] }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(isOutcome(answer.body)).toBe(true);
      expect(answer.body.issue[0].details.text).toMatch(/X-Break-Glass-Reason/);
    }
    const batch = await doctor.post('/fhir', { resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'GET', url: 'Observation?patient=outside' } }, { request: { method: 'GET', url: 'Observation/obs-attached' } }] });
    expect(batch.body.entry.map((e: { response: { status: string } }) => e.response.status)).toEqual(['403 Forbidden', '200 OK']);
    // Each refusal is one failure AuditEvent for the patient, with no break-the-glass purpose.
    const after = await events('outside');
    expect(after.slice(before).map((e) => [e.outcome, e.break_glass])).toEqual(Array.from({ length: answers.length + 1 }, () => ['failure', false]));
    expect((await doctor.get('/fhir/Observation/obs-partial')).status).toBe(403);
    // Demographics stay reachable: finding and registering a person is not opening their record.
    expect((await doctor.get('/fhir/Patient/outside')).status).toBe(200);
    expect((await doctor.get('/fhir/Patient?family=Фамилия-outside')).body.entry).toHaveLength(1);
  });

  it('opens it with a stated reason, recording BTG and the reason on every AuditEvent', async () => {
    const before = (await events('outside')).length;
    expect((await doctor.get('/fhir/Observation/obs-outside', glass)).status).toBe(200);
    expect((await doctor.get('/fhir/Observation?patient=outside', glass)).body.entry).toHaveLength(1);
    const everything = await doctor.get('/fhir/Patient/outside/$everything', glass);
    expect(everything.body.entry.map((e: { resource: Resource }) => e.resource.resourceType).sort()).toEqual(['Observation', 'Patient']);
    const bundle = await doctor.post('/fhir', { resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'GET', url: 'Observation/obs-outside' } }] }, glass);
    expect(bundle.body.entry[0].response.status).toBe('200 OK');
    const recorded = (await events('outside')).slice(before);
    expect(recorded).toHaveLength(4);
    for (const event of recorded) {
      expect(event.break_glass).toBe(true);
      expect(event.content.purposeOfEvent[0]!.coding[0]!.code).toBe('BTG');
      expect(event.content.purposeOfEvent[0]!.text).toBe(reason);
    }
  });

  it('refuses a malformed reason with a 400 naming the header', async () => {
    for (const value of ['%E0%A4%A', 'ab', encodeURIComponent('строка\nвторая'), encodeURIComponent('x'.repeat(501))]) {
      const answer = await doctor.get('/fhir/Observation/obs-outside', { 'x-break-glass-reason': value });
      expect(answer.status).toBe(400);
      expect(answer.body.issue[0].expression).toEqual(['X-Break-Glass-Reason']);
    }
  });

  it('lists break-the-glass accesses for the privacy officer by period, with who, patient, reason and institution', async () => {
    const officer = client(central, bearerFor(central, principal({ subject: 'po-a', display: 'Офицер', roles: ['privacy-officer'] })));
    const today = central.ctx.now().toISOString().slice(0, 10);
    const list = await officer.get(`/audit/break-glass?date=ge${today}`);
    expect(list.status).toBe(200);
    expect(list.body.accesses).toHaveLength(4);
    expect(list.body.accesses[0]).toMatchObject({
      user: { id: 'doc-a', display: 'Доктор Агеева', roles: ['doctor'] },
      institution: { id: 'org-a', name: 'Поликлиника № 1' },
      patient: { id: 'outside', name: 'Фамилия-outside' },
      reason,
      outcome: 'success',
      deviceId: device.deviceId,
    });
    expect((await officer.get('/audit/break-glass?date=lt2000-01-01')).body.accesses).toHaveLength(0);
    expect((await officer.get('/audit/break-glass?patient=attached')).body.accesses).toHaveLength(0);
    expect(list.body.accesses.every((access: { otherInstitution: boolean }) => !access.otherInstitution)).toBe(true);
    // The clinic the patient is attached to reviews them too, marked as another institution's; a
    // clinic with neither the staff nor the patient sees nothing; nobody else sees the list at all.
    const patientsClinic = client(central, bearerFor(central, principal({ subject: 'po-b', roles: ['privacy-officer'], organizationId: 'org-b' })));
    const theirs = (await patientsClinic.get('/audit/break-glass')).body.accesses;
    expect(theirs).toHaveLength(4);
    expect(theirs[0]).toMatchObject({ user: { id: 'doc-a' }, institution: { id: 'org-a' }, patient: { id: 'outside' }, otherInstitution: true });
    const uninvolved = client(central, bearerFor(central, principal({ subject: 'po-c', roles: ['privacy-officer'], organizationId: 'org-c' })));
    expect((await uninvolved.get('/audit/break-glass')).body.accesses).toHaveLength(0);
    expect((await doctor.get('/audit/break-glass')).status).toBe(403);
  });

  it('shows the patient in the cabinet who broke the glass, from where and why', async () => {
    const cabinet = client(central, bearerFor(central, { kind: 'patient', subject: 'acct-outside', display: 'Пациент', roles: ['patient'], patientId: 'outside' }));
    const log = await cabinet.get('/cabinet/access-log');
    expect(log.status).toBe(200);
    const glassy = log.body.accesses.filter((a: { breakGlass: boolean }) => a.breakGlass);
    expect(glassy).toHaveLength(4);
    expect(glassy[0]).toMatchObject({ who: 'Доктор Агеева', roles: ['doctor'], institution: 'Поликлиника № 1', reason });
    expect(JSON.stringify(log.body)).not.toMatch(/127\.0\.0\.1|device-/);
    expect((await cabinet.get('/cabinet/access-log?patient=attached')).status).toBe(400);
  });

  it('keeps the workstation\'s fetch-patient path: the reason in the body, audited as BTG, then pinned into scope', async () => {
    const before = (await events('outside')).length;
    const fetched = await doctor.post('/sync/fetch-patient', { protocolVersion: PROTOCOL_VERSION, clientId: device.deviceId, patientId: 'outside', reason, pinDays: 7 }, { 'content-type': 'application/json' });
    expect(fetched.status).toBe(200);
    expect(fetched.body.resources.map((r: Resource) => r.resourceType).sort()).toEqual(['Observation', 'Patient']);
    const recorded = (await events('outside')).slice(before);
    expect(recorded.map((e) => [e.break_glass, e.content.purposeOfEvent[0]!.text])).toEqual([[true, reason]]);
    // Pinned by this clinic's workstation: in scope now, no reason needed.
    expect((await doctor.get('/fhir/Observation/obs-outside')).status).toBe(200);
    const found = (await doctor.get('/fhir/Observation?patient=outside')).body as Bundle;
    expect(found.entry).toHaveLength(1);
  });
});
