import type { Patient, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePersonalNumber } from '../../shared/domain/personal-number.js';
import { REFUSAL_SYSTEM } from '../../shared/fhir/outcomes.js';
import { SYSTEMS } from '../../shared/fhir/systems.js';
import { bearerFor } from '../../test/support/auth.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { client, isOutcome, type Client } from '../../test/support/http.js';
import { minimalResource } from '../../test/support/minimal-resources.js';
import { deviceTokenOf, syncCaller } from '../../test/sim/support/sync-http.js';
import { enrolWorkstation } from '../../test/sim/support/seed-central.js';
import { writeResources } from '../fhir/write.js';
import type { Principal } from './principal.js';

/**
 * Staff write clinical data only of patients in their clinic's scope, as they read it: outside it a
 * stated reason (X-Break-Glass-Reason) lets the write through, recorded as break-the-glass; without
 * one it is refused before anything is written. Registering and booking bring a patient into the
 * scope and need no reason. A workstation's push is held to the same scope (its reason is stated
 * when the record is opened outside the scope, which pins the patient).
 */
describe('clinical writes outside the clinic scope', () => {
  let central: TestCentral;
  let doctor: Client;
  const reason = 'Консультация по просьбе другой поликлиники';
  const glass = { 'x-break-glass-reason': encodeURIComponent(reason) };
  const doctorOf = (overrides: Partial<Principal> = {}): Principal => ({ kind: 'user', subject: 'doc-w', display: 'Доктор Врублевская', roles: ['doctor'], organizationId: 'org-w', ...overrides });
  const observation = (id: string, patientId: string) => minimalResource('Observation', id, patientId, 'org-w');
  const events = async (patientId: string) =>
    (await central.ctx.db.query<{ action: string; outcome: string; break_glass: boolean; reason: string | null }>(
      `SELECT action, outcome, break_glass, content->'purposeOfEvent'->0->>'text' AS reason FROM audit_event WHERE patient_id = $1 ORDER BY seq`,
      [patientId],
    )).rows;
  const stored = async (type: string, id: string) => (await central.ctx.db.query(`SELECT 1 FROM resource WHERE resource_type = $1 AND id = $2 AND NOT deleted`, [type, id])).rows.length;

  beforeAll(async () => {
    central = await startTestCentral();
    const resources: (Resource & { id: string })[] = [
      { resourceType: 'Organization', id: 'org-w', name: 'Поликлиника записи' },
      { resourceType: 'Organization', id: 'org-x', name: 'Чужая поликлиника' },
      minimalResource('Patient', 'mine', 'mine', 'org-w'),
      minimalResource('Patient', 'theirs', 'theirs', 'org-x'),
      observation('obs-theirs', 'theirs'),
    ];
    await central.ctx.db.transaction((tx) => writeResources(tx, resources.map((resource) => ({ kind: 'update' as const, resource })), central.ctx.now()));
    doctor = client(central, bearerFor(central, doctorOf()));
  });
  afterAll(() => central.close());

  it('refuses a clinical create, update or delete of a patient outside the scope without a reason, writing nothing', async () => {
    const before = (await events('theirs')).length;
    const answers = [
      await doctor.post('/fhir/Observation', observation('new-1', 'theirs')),
      await doctor.put('/fhir/Observation/obs-theirs', { ...observation('obs-theirs', 'theirs'), status: 'amended' }),
      await doctor.delete('/fhir/Observation/obs-theirs'),
      // Moving someone else's record onto one's own patient is a write of both.
      await doctor.put('/fhir/Observation/obs-theirs', observation('obs-theirs', 'mine')),
      await doctor.post('/fhir', { resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'POST', url: 'Observation' }, resource: observation('new-2', 'theirs') }] }),
      // Updating the patient's demographics in the same transaction does not bring them in.
      await doctor.post('/fhir', {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { request: { method: 'PUT', url: 'Patient/theirs' }, resource: minimalResource('Patient', 'theirs', 'theirs', 'org-x') },
          { request: { method: 'POST', url: 'Observation' }, resource: observation('new-3', 'theirs') },
        ],
      }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(isOutcome(answer.body)).toBe(true);
      expect(answer.body.issue[0].details.text).toMatch(/X-Break-Glass-Reason/);
      expect(answer.body.issue[0].details.coding).toEqual([{ system: REFUSAL_SYSTEM, code: 'outside-scope' }]);
    }
    const batch = await doctor.post('/fhir', { resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'POST', url: 'Observation' }, resource: observation('new-4', 'theirs') }, { request: { method: 'POST', url: 'Observation' }, resource: observation('new-5', 'mine') }] });
    expect(batch.body.entry.map((e: { response: { status: string } }) => e.response.status)).toEqual(['403 Forbidden', '201 Created']);
    expect(await stored('Observation', 'obs-theirs')).toBe(1);
    expect((await doctor.get('/fhir/Observation/obs-theirs', glass)).body.status).toBe('final');
    const after = (await events('theirs')).slice(before);
    expect(after.filter((e) => e.action !== 'read').every((e) => e.outcome === 'failure' && !e.break_glass)).toBe(true);
  });

  it('lets it through with a stated reason, each write recorded as break-the-glass with the reason', async () => {
    const before = (await events('theirs')).length;
    const created = await doctor.post('/fhir/Observation', observation('glass-1', 'theirs'), glass);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await doctor.put(`/fhir/Observation/${id}`, { ...observation(id, 'theirs'), status: 'amended' }, glass)).status).toBe(200);
    const bundle = await doctor.post('/fhir', { resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'POST', url: 'Observation' }, resource: observation('glass-2', 'theirs') }] }, glass);
    expect(bundle.status).toBe(200);
    expect((await doctor.delete(`/fhir/Observation/${id}`, glass)).status).toBe(200);
    const recorded = (await events('theirs')).slice(before);
    expect(recorded.map((e) => [e.action, e.break_glass, e.reason])).toEqual([
      ['create', true, reason],
      ['update', true, reason],
      ['transaction', true, reason],
      ['delete', true, reason],
    ]);
  });

  it('needs no reason to register a new patient with their first records, nor to book them', async () => {
    const registered = await doctor.post('/fhir', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:8a1f8a1e-5b0a-4c1e-9b1a-0c0c0c0c0c01', request: { method: 'POST', url: 'Patient' }, resource: { resourceType: 'Patient', name: [{ family: 'Новикова' }] } },
        { request: { method: 'POST', url: 'Encounter' }, resource: { resourceType: 'Encounter', status: 'in-progress', class: { code: 'AMB' }, subject: { reference: 'urn:uuid:8a1f8a1e-5b0a-4c1e-9b1a-0c0c0c0c0c01' } } },
      ],
    });
    expect(registered.status).toBe(200);
    expect(registered.body.entry.map((e: { response: { status: string } }) => e.response.status)).toEqual(['201 Created', '201 Created']);
    // Registering (Patient) and booking (Appointment) are not clinical writes: no scope asked.
    expect((await doctor.put('/fhir/Patient/theirs', minimalResource('Patient', 'theirs', 'theirs', 'org-x'))).status).toBe(200);
    expect((await doctor.post('/fhir/Appointment', minimalResource('Appointment', 'x', 'theirs', 'org-w'))).status).toBe(201);
    // An institution's system sends a result for whoever came to it, related or not.
    const lab = client(central, bearerFor(central, { kind: 'client', subject: 'lab-w', display: 'Лаборатория', roles: ['institution'], organizationId: 'org-lab' }));
    expect((await lab.post('/fhir/Observation', observation('lab-1', 'theirs'))).status).toBe(201);
    // Changing a record of a patient it has no relation to needs the reason, as reading does.
    expect((await lab.put('/fhir/Observation/obs-theirs', { ...observation('obs-theirs', 'theirs'), status: 'amended' })).status).toBe(403);
  });

  it('rejects a workstation\'s push of a clinical write outside its scope, and applies it once the patient is pinned', async () => {
    const now = central.ctx.now();
    const device = await enrolWorkstation(central.ctx.db, 'org-w', 'Кабинет 12', now);
    const sync = syncCaller(central.url, device.deviceId, await deviceTokenOf(central.url, device.deviceId, device.deviceSecret));
    const create = (mutationId: number, resource: object) => ({ mutationId, kind: 'create', args: { resource } });
    const sickLeave = { mutationId: 2, kind: 'sick-leave', author: { userId: 'doc-w', display: 'Доктор Врублевская' }, args: { action: 'open', certificateId: 'cert-theirs', patientId: 'theirs', reason: 'disease', diagnosis: 'J06.9', from: '2026-01-10', to: '2026-01-14' } };
    const refused = await sync.push([create(1, observation('push-1', 'theirs')), sickLeave, create(3, observation('push-2', 'mine'))]);
    expect(refused.status).toBe(200);
    const results = refused.body.results as { status: string; outcome?: { issue: { details: { coding?: { code: string }[] } }[] } }[];
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'applied']);
    for (const result of results.slice(0, 2)) expect(result.outcome!.issue[0]!.details.coding).toEqual([{ system: REFUSAL_SYSTEM, code: 'outside-scope' }]);
    expect(await stored('Observation', 'push-1')).toBe(0);

    // The doctor opens the record with a stated reason at this workstation: it is pinned, in scope.
    await central.ctx.db.query(`INSERT INTO sync_pin (client_id, patient_id, until, reason, pinned_by) VALUES ($1, 'theirs', $2, 'test', 'doc-w')`, [device.deviceId, new Date(now.getTime() + 86_400_000).toISOString()]);
    const again = await sync.push([create(4, observation('push-1', 'theirs'))]);
    expect(again.body.results.map((r: { status: string }) => r.status)).toEqual(['applied']);

    // Later steps of a certificate are writes to its patient's record too, held to the scope as
    // over REST: opened while pinned, extended, closed or cancelled once the pin is gone is refused.
    const step = (mutationId: number, args: object) => ({ mutationId, kind: 'sick-leave', author: sickLeave.author, args: { certificateId: 'cert-pinned', ...args } });
    const statuses = (answer: { body: { results: { status: string }[] } }) => answer.body.results.map((r) => r.status);
    // The Fund needs the patient's personal number and the clinic's УНП to open one.
    const identified: (Resource & { id: string })[] = [
      { ...(minimalResource('Patient', 'theirs', 'theirs', 'org-x') as Patient & { id: string }), identifier: [{ system: SYSTEMS.personalNumber, value: makePersonalNumber('1980-01-01', 'female', 'H', 7) }] },
      { resourceType: 'Organization', id: 'org-w', name: 'Поликлиника записи', identifier: [{ system: SYSTEMS.unp, value: '100000000' }] },
    ];
    await central.ctx.db.transaction((tx) => writeResources(tx, identified.map((resource) => ({ kind: 'update' as const, resource })), central.ctx.now()));
    expect(statuses(await sync.push([step(5, { ...sickLeave.args, certificateId: 'cert-pinned' })]))).toEqual(['applied']);
    await central.ctx.db.query(`DELETE FROM sync_pin WHERE client_id = $1 AND patient_id = 'theirs'`, [device.deviceId]);
    const outside = await sync.push([step(6, { action: 'extend', to: '2026-01-16' }), step(7, { action: 'close', returnToWorkOn: '2026-01-15' }), step(8, { action: 'cancel', reason: 'Ошибка' })]);
    expect(statuses(outside)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const result of outside.body.results as { outcome: { issue: { details: { coding: unknown } }[] } }[]) expect(result.outcome.issue[0]!.details.coding).toEqual([{ system: REFUSAL_SYSTEM, code: 'outside-scope' }]);
    const certificate = await central.ctx.db.query<{ period_to: string; status: string }>(`SELECT period_to::text, status FROM sick_leave_certificate WHERE id = 'cert-pinned'`);
    expect(certificate.rows[0]).toMatchObject({ period_to: '2026-01-14' });
    // Pinned again (a stated reason at the workstation), the same step goes through.
    await central.ctx.db.query(`INSERT INTO sync_pin (client_id, patient_id, until, reason, pinned_by) VALUES ($1, 'theirs', $2, 'test', 'doc-w')`, [device.deviceId, new Date(now.getTime() + 86_400_000).toISOString()]);
    expect(statuses(await sync.push([step(9, { action: 'extend', to: '2026-01-16' })]))).toEqual(['applied']);
  });
});
