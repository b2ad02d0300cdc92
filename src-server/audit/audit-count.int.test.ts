import type { Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerFor } from '../../test/support/auth.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { client, type Answer, type Client } from '../../test/support/http.js';
import { minimalResource } from '../../test/support/minimal-resources.js';
import { enrolDevice } from '../auth/devices.js';
import { writeResources } from '../fhir/write.js';

interface Row {
  agent_subject: string;
  agent_org: string | null;
  device_id: string | null;
  recorded: Date | string;
  content: {
    action: string;
    outcome: string;
    recorded: string;
    subtype: { code: string }[];
    purposeOfEvent: { coding: { code: string }[] }[];
    agent: { who: { display?: string; identifier?: { value: string } }; role?: { coding: { code: string }[] }[]; requestor: boolean; network?: { address: string } }[];
    entity: { what?: { reference: string } }[];
  };
}

/**
 * Every read, search, create, update and delete of a patient's data leaves exactly one AuditEvent
 * for that patient, in the BALP shape (who, role, device, patient, what, when by Central's clock,
 * outcome, purpose), bundles and failed requests included.
 */
describe('one AuditEvent per operation on a patient\'s data', () => {
  let central: TestCentral;
  let doctor: Client;
  let deviceId: string;
  const patient = 'counted';
  let seq = 0;
  const clock = new Date('2026-03-02T08:30:00.000Z');

  /** Runs one operation and answers the AuditEvents it left for the patient. */
  const audited = async (operation: () => Promise<Answer>, expectedStatus: number): Promise<Row[]> => {
    const answer = await operation();
    expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(expectedStatus);
    const { rows } = await central.ctx.db.query<Row & { seq: number }>(`SELECT seq, agent_subject, agent_org, device_id, recorded, content FROM audit_event WHERE patient_id = $1 AND seq > $2 ORDER BY seq`, [patient, seq]);
    seq = Math.max(seq, ...rows.map((row) => Number(row.seq)));
    return rows;
  };
  const one = async (operation: () => Promise<Answer>, expectedStatus: number, interaction: string, action: string, outcome: '0' | '4' = '0') => {
    const rows = await audited(operation, expectedStatus);
    expect(rows.map((row) => [row.content.subtype[0]!.code, row.content.action, row.content.outcome]), interaction).toEqual([[interaction, action, outcome]]);
    return rows[0]!;
  };

  beforeAll(async () => {
    central = await startTestCentral({});
    central.ctx.now = () => new Date(clock);
    deviceId = (await enrolDevice(central.ctx.db, { organizationId: 'org-a', display: 'Кабинет 7', enrolledBy: 'admin' }, clock)).deviceId;
    const resources = [minimalResource('Patient', patient, patient, 'org-a'), minimalResource('Observation', 'obs-1', patient, 'org-a'), minimalResource('Observation', 'obs-gone', patient, 'org-a')];
    await central.ctx.db.transaction((tx) => writeResources(tx, resources.map((resource) => ({ kind: 'update' as const, resource })), clock));
    doctor = client(central, bearerFor(central, { kind: 'user', subject: 'doc-count', display: 'Доктор Счётова', roles: ['doctor'], organizationId: 'org-a', practitionerId: 'pr-count', deviceId }));
  });
  afterAll(() => central.close());

  it('records a read in the BALP shape: who, role, device, patient, what, when by Central\'s clock, outcome, purpose', async () => {
    const row = await one(() => doctor.get(`/fhir/Observation/obs-1`), 200, 'read', 'R');
    expect(row.agent_subject).toBe('doc-count');
    expect(row.agent_org).toBe('org-a');
    expect(row.device_id).toBe(deviceId);
    expect(new Date(row.recorded).toISOString()).toBe(clock.toISOString());
    expect(row.content.recorded).toBe(clock.toISOString());
    const [person, device] = row.content.agent;
    expect(person).toMatchObject({ who: { display: 'Доктор Счётова' }, requestor: true, role: [{ coding: [{ code: 'doctor' }] }] });
    expect(person!.network!.address).toMatch(/127\.0\.0\.1/);
    expect(device).toMatchObject({ who: { identifier: { value: deviceId } }, requestor: false });
    expect(row.content.entity.map((e) => e.what?.reference)).toEqual(['Patient/counted', 'Observation/obs-1']);
    expect(row.content.purposeOfEvent[0]!.coding[0]!.code).toBe('TREAT');
  });

  it('records exactly one for each kind of interaction', async () => {
    const observation = minimalResource('Observation', 'x', patient, 'org-a');
    const { id: _drop, ...fresh } = observation;
    await one(() => doctor.get(`/fhir/Patient/${patient}`), 200, 'read', 'R');
    await one(() => doctor.get(`/fhir/Observation/obs-1/_history/1`), 200, 'vread', 'R');
    await one(() => doctor.get(`/fhir/Observation?patient=${patient}`), 200, 'search', 'E');
    await one(() => doctor.post(`/fhir/Observation/_search`, new URLSearchParams({ patient })), 200, 'search', 'E');
    await one(() => doctor.get(`/fhir/Observation/obs-1/_history`), 200, 'history', 'R');
    await one(() => doctor.get(`/fhir/Observation/_history`), 200, 'history', 'R');
    await one(() => doctor.get(`/fhir/Patient/${patient}/$everything`), 200, 'everything', 'E');
    const created = await one(() => doctor.post('/fhir/Observation', fresh), 201, 'create', 'C');
    const id = created.content.entity[1]!.what!.reference.split('/')[1]!;
    await one(() => doctor.put(`/fhir/Observation/${id}`, { ...fresh, id, status: 'amended' }), 200, 'update', 'U');
    await one(() => doctor.put(`/fhir/Observation/put-new`, { ...fresh, id: 'put-new' }), 201, 'create', 'C');
    await one(() => doctor.post('/fhir/Observation', fresh, { 'if-none-exist': `_id=${id}` }), 200, 'read', 'R');
    await one(() => doctor.delete(`/fhir/Observation/obs-gone`), 200, 'delete', 'D');
    // A transaction is one operation: one AuditEvent for the patient, whatever it held.
    const transaction = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { request: { method: 'POST', url: 'Observation' }, resource: fresh },
        { request: { method: 'PUT', url: 'Observation/put-new' }, resource: { ...fresh, id: 'put-new', status: 'amended' } },
        { request: { method: 'GET', url: 'Observation/obs-1' } },
      ],
    };
    await one(() => doctor.post('/fhir', transaction), 200, 'transaction', 'E');
    // A batch entry stands alone: one each.
    const batch = { ...transaction, type: 'batch' };
    const rows = await audited(() => doctor.post('/fhir', batch), 200);
    expect(rows.map((row) => [row.content.subtype[0]!.code, row.content.outcome])).toEqual([['batch', '0'], ['batch', '0'], ['batch', '0']]);
    // Staff searching patients by name: one per patient found, none for those not found.
    await one(() => doctor.get('/fhir/Patient?family=Матрица'), 200, 'search', 'E');
    expect(await audited(() => doctor.get('/fhir/Patient?family=Никто'), 200)).toEqual([]);
  });

  it('records a failed operation once, with a failure outcome', async () => {
    const { id: _drop, ...fresh } = minimalResource('Observation', 'x', patient, 'org-a');
    await one(() => doctor.post('/fhir/Observation', { ...fresh, status: 'not-a-status' }), 400, 'create', 'C', '4');
    await one(() => doctor.put('/fhir/Observation/obs-1', { ...fresh, id: 'obs-1' }, { 'if-match': 'W/"99"' }), 412, 'update', 'U', '4');
    const failing = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { request: { method: 'POST', url: 'Observation' }, resource: fresh },
        { request: { method: 'PUT', url: 'Observation/obs-1', ifMatch: 'W/"99"' }, resource: { ...fresh, id: 'obs-1' } },
      ],
    };
    await one(() => doctor.post('/fhir', failing), 412, 'transaction', 'E', '4');
    const rows = await audited(() => doctor.post('/fhir', { ...failing, type: 'batch' }), 200);
    expect(rows.map((row) => [row.content.subtype[0]!.code, row.content.outcome])).toEqual([['batch', '0'], ['batch', '4']]);
    // A refusal by the role matrix, before any patient's data is looked at, names no patient.
    const registrar = client(central, bearerFor(central, { kind: 'user', subject: 'reg', display: 'Рег', roles: ['registrar'], organizationId: 'org-a' }));
    expect(await audited(() => registrar.get('/fhir/Observation/obs-1'), 403)).toEqual([]);
  });

  it('counts as many AuditEvents as operations over a run of mixed requests', async () => {
    const before = Number((await central.ctx.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_event WHERE patient_id = $1`, [patient])).rows[0]!.n);
    const requests: Promise<Answer>[] = [];
    for (let i = 0; i < 20; i++) {
      requests.push(doctor.get('/fhir/Observation/obs-1'), doctor.get(`/fhir/Observation?patient=${patient}&_count=1`), doctor.put(`/fhir/Observation/many-${i}`, minimalResource('Observation', `many-${i}`, patient, 'org-a') as Resource));
    }
    const answers = await Promise.all(requests);
    expect(answers.map((answer) => answer.status).filter((status) => status >= 300)).toEqual([]);
    const after = Number((await central.ctx.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_event WHERE patient_id = $1`, [patient])).rows[0]!.n);
    expect(after - before).toBe(60);
  });
});
