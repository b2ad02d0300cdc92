import type { Appointment, Encounter, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEMS } from '../../shared/fhir/systems.js';
import { clinicPatient, demoPerson, startClinicCentral, STAFF_PASSWORD, UNREGISTERED_FROM, type ClinicCentral } from '../../test/fixtures/workstation/central-clinic.js';
import { openTestWorkstation } from '../../test/fixtures/workstation/open-test-workstation.js';

let clinic: ClinicCentral;
let t: Awaited<ReturnType<typeof openTestWorkstation>>;
const call = async (method: string, input: unknown = {}) => {
  const result = await t.ws.handlers.call(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value as never;
};
const refusal = async (method: string, input: unknown) => {
  const result = await t.ws.handlers.call(method, input);
  if (result.ok) throw new Error(`${method} was expected to fail`);
  return result.error;
};
const centralHas = async (type: string, id: string) => {
  const { rows } = await clinic.central.ctx.db.query('SELECT 1 FROM resource WHERE resource_type = $1 AND id = $2 AND NOT deleted', [type, id]);
  return rows.length === 1;
};

beforeAll(async () => {
  clinic = await startClinicCentral({ patients: 3 });
  t = await openTestWorkstation(clinic.url);
  await t.ws.enrol({ username: 'admin.p3', password: STAFF_PASSWORD, display: 'Кабинет 101' });
  await call('session.login', { username: 'lukashevich', password: STAFF_PASSWORD });
  await call('sync.now');
});
afterAll(async () => {
  await t?.close();
  await clinic?.close();
});

describe('patients', () => {
  it('are found as the registrar types, from the synchronised replica, with whether their record is here', async () => {
    const person = demoPerson(1);
    const { items } = await call('patients.search', { query: `${person.family} ${person.given}` }) as { items: { id: string; record: { local: boolean; asOf: string | null } }[] };
    expect(items[0]).toMatchObject({ id: 'cp-1', personalNumber: person.personalNumber, family: person.family, record: { local: true } });
    expect(items[0]!.record.asOf).toEqual((await call('sync.status') as { lastSyncAt: string }).lastSyncAt);
  });

  it('are registered from the population register at once, and queued for Central in the same transaction', async () => {
    const person = demoPerson(UNREGISTERED_FROM + 5);
    expect(await call('patients.lookupRegister', { personalNumber: person.personalNumber })).toMatchObject({ status: 'found', person: { family: person.family, birthDate: person.birthDate } });
    const saved = await call('patients.register', { personalNumber: person.personalNumber, family: person.family, given: person.given, patronymic: person.patronymic ?? undefined, birthDate: person.birthDate, sex: person.sex, address: person.address }) as { patient: { id: string; record: { asOf: string | null } }; registerCheck: string };
    expect(saved).toMatchObject({ registerCheck: 'confirmed', patient: { record: { local: true, asOf: null } } });
    expect(await refusal('patients.register', { personalNumber: person.personalNumber.toLowerCase(), family: 'Другой', given: 'Человек', birthDate: person.birthDate, sex: person.sex })).toMatchObject({ code: 'duplicate', field: 'personalNumber' });
    expect(await call('patients.lookupRegister', { personalNumber: person.personalNumber })).toMatchObject({ status: 'already-registered', patient: { id: saved.patient.id } });
    expect((await call('sync.status') as { pending: number }).pending).toBeGreaterThan(0);
    await call('sync.now');
    expect(await centralHas('Patient', saved.patient.id)).toBe(true);
    expect(t.ws.store().resources.get<Patient>('Patient', saved.patient.id)!.meta?.versionId).toBe('1');
  });

  it('refuses a personal number with a wrong check digit, naming the field', async () => {
    const pn = demoPerson(UNREGISTERED_FROM + 6).personalNumber;
    const wrong = pn.slice(0, 13) + (pn[13] === '1' ? '2' : '1');
    expect(await refusal('patients.lookupRegister', { personalNumber: wrong })).toMatchObject({ code: 'invalid', field: 'personalNumber' });
  });

  it('are registered offline too; the register check runs again when back online and marks them confirmed', async () => {
    const person = demoPerson(UNREGISTERED_FROM + 7);
    t.network.down = true;
    expect(await call('patients.lookupRegister', { personalNumber: person.personalNumber })).toEqual({ status: 'offline' });
    const saved = await call('patients.register', { personalNumber: person.personalNumber, family: person.family, given: person.given, birthDate: person.birthDate, sex: person.sex }) as { patient: { id: string }; registerCheck: string };
    expect(saved.registerCheck).toBe('pending');
    expect(t.ws.store().registerChecks.get(saved.patient.id)).toMatchObject({ status: 'pending' });
    t.network.down = false;
    expect(await t.ws.maintenance.recheckRegistrations()).toMatchObject({ confirmed: [saved.patient.id], unavailable: false });
    const patient = t.ws.store().resources.get<Patient>('Patient', saved.patient.id)!;
    expect(patient.meta?.tag).toContainEqual({ system: 'https://medkarta.by/fhir/CodeSystem/population-register-check', code: 'confirmed' });
    await call('sync.now');
    const { rows } = await clinic.central.ctx.db.query<{ content: Patient }>("SELECT content FROM resource WHERE resource_type = 'Patient' AND id = $1", [saved.patient.id]);
    expect(rows[0]!.content.meta?.tag?.map((tag) => tag.code)).toContain('confirmed');
  });
});

describe('the ICD-10 copy', () => {
  it('is pulled from Central so a diagnosis can be coded offline', async () => {
    expect(await t.ws.maintenance.refreshIcd10(true)).toBeGreaterThan(20);
    t.network.down = true;
    const { items } = await call('icd10.search', { query: 'холера' }) as { items: { code: string }[] };
    expect(items.map((i) => i.code)).toContain('A00.0');
    t.network.down = false;
  });
});

describe('a visit', () => {
  let encounterId: string;

  it('is saved locally at once while Central cannot be reached, with its diagnosis, notes and prescriptions', async () => {
    t.network.down = true;
    const saved = await call('visits.save', {
      patientId: 'cp-0',
      complaints: 'Кашель, температура 37,8',
      examination: 'Дыхание жёсткое',
      diagnoses: [{ code: 'a00.0', title: '', primary: true }],
      prescriptions: [{ medication: 'Парацетамол 500 мг', dosage: 'по 1 таблетке 3 раза в день' }],
    }) as { encounterId: string; pendingSync: boolean };
    encounterId = saved.encounterId;
    expect(saved.pendingSync).toBe(true);
    const chart = await call('chart.get', { patientId: 'cp-0' }) as { timeline: { id: string; diagnoses: { code: string; text: string }[]; notes: { section: string; text: string }[]; prescriptions: string[]; pendingSync: boolean }[] };
    const visit = chart.timeline.find((e) => e.id === encounterId)!;
    expect(visit).toMatchObject({ pendingSync: true, diagnoses: [{ code: 'A00.0', text: expect.stringMatching(/Холера/) }] });
    expect(visit.notes.map((n) => [n.section, n.text])).toEqual([['complaints', 'Кашель, температура 37,8'], ['examination', 'Дыхание жёсткое']]);
    expect(visit.prescriptions[0]).toMatch(/Парацетамол/);
    expect(await refusal('visits.save', { patientId: 'cp-0', diagnoses: [{ code: 'Q99.9', title: 'x', primary: true }] })).toMatchObject({ code: 'invalid', field: 'diagnoses.0.code' });
  });

  it('reaches Central when the network is back, and a second save updates the same visit', async () => {
    t.network.down = false;
    await call('sync.now');
    expect(await centralHas('Encounter', encounterId)).toBe(true);
    expect(await centralHas('Condition', `${encounterId}-c1`)).toBe(true);
    await call('visits.save', { patientId: 'cp-0', encounterId, complaints: 'Кашель', diagnoses: [], status: 'final' });
    await call('sync.now');
    const { rows } = await clinic.central.ctx.db.query<{ content: Encounter }>("SELECT content FROM resource WHERE resource_type = 'Encounter' AND id = $1", [encounterId]);
    expect(rows[0]!.content.status).toBe('finished');
    const chart = await call('chart.get', { patientId: 'cp-0' }) as { timeline: { id: string; diagnoses: unknown[]; notes: unknown[]; pendingSync: boolean }[] };
    expect(chart.timeline.find((e) => e.id === encounterId)).toMatchObject({ diagnoses: [], notes: [{ section: 'complaints' }], pendingSync: false });
    expect(await call('inbox.list')).toEqual({ items: [] });
    expect(await refusal('visits.save', { patientId: 'cp-0', encounterId, complaints: 'после подписи' })).toMatchObject({ code: 'conflict' });
  });
});

describe('the doctor’s day', () => {
  it('lists the doctor’s appointments from the replica with whether each record is here', async () => {
    const start = new Date();
    start.setUTCHours(Math.min(start.getUTCHours() + 1, 22), 0, 0, 0);
    const appointment = (id: string, patientId: string, practitionerId: string): Appointment & { id: string } => ({
      resourceType: 'Appointment',
      id,
      status: 'booked',
      start: start.toISOString(),
      end: new Date(start.getTime() + 15 * 60_000).toISOString(),
      participant: [
        { actor: { reference: `Patient/${patientId}` }, status: 'accepted' },
        { actor: { reference: `Practitioner/${practitionerId}` }, status: 'accepted' },
      ],
    });
    await clinic.seed([appointment('appt-mine', 'cp-2', 'ws-doctor')]);
    // Appointments reach the replica through the scope (slots of the clinic's schedules); here one is written as Central sent it.
    t.ws.store().resources.upsertMany([{ ...appointment('appt-mine', 'cp-2', 'ws-doctor'), meta: { versionId: '1' } }, { ...appointment('appt-other', 'cp-1', 'someone-else'), meta: { versionId: '1' } }]);
    const { days } = await call('day.list', { from: start.toISOString().slice(0, 10), days: 1 }) as { days: { appointments: { appointmentId: string; patient: { id: string; record: { local: boolean } } }[] }[] };
    expect(days[0]!.appointments).toMatchObject([{ appointmentId: 'appt-mine', patient: { id: 'cp-2', record: { local: true } } }]);
  });
});

describe('access outside the scope and the audit trail', () => {
  it('fetches a patient of another clinic with a stated reason; Central records the break-the-glass', async () => {
    const stranger = { ...clinicPatient(40, 'other-clinic'), id: 'stranger-40' };
    await clinic.seed([stranger]);
    const pn = stranger.identifier![0]!.value!;
    expect((await call('patients.search', { query: pn }) as { items: unknown[] }).items).toEqual([]);
    expect(await refusal('patients.fetchRemote', { personalNumber: pn, reason: '' })).toMatchObject({ code: 'invalid', field: 'reason' });
    const { patient } = await call('patients.fetchRemote', { personalNumber: pn, reason: 'Экстренное обращение, пациент без сознания' }) as { patient: { id: string; record: { local: boolean; asOf: string } } };
    expect(patient).toMatchObject({ id: 'stranger-40', record: { local: true, asOf: expect.any(String) } });
    expect(await call('chart.get', { patientId: 'stranger-40' })).toMatchObject({ patient: { id: 'stranger-40' } });
    const { rows } = await clinic.central.ctx.db.query<{ break_glass: boolean; agent_subject: string }>("SELECT break_glass, agent_subject FROM audit_event WHERE patient_id = 'stranger-40' AND break_glass");
    expect(rows[0]).toMatchObject({ break_glass: true, agent_subject: clinic.users.doctor.id });
  });

  it('records every search and chart opening locally, and delivers them to Central with the workstation named', async () => {
    await call('patients.search', { query: 'Audit-check' });
    await call('chart.get', { patientId: 'cp-1' });
    const local = t.ws.store().audit.undelivered(1000);
    const opened = local.find((e) => e.entity?.some((x) => x.what?.reference === 'Patient/cp-1'))!;
    expect(opened).toMatchObject({ action: 'R', subtype: [{ code: 'read' }], agent: expect.arrayContaining([expect.objectContaining({ requestor: true, who: expect.objectContaining({ identifier: { system: SYSTEMS.username, value: clinic.users.doctor.id } }) })]) });
    const queries = local.filter((e) => e.action === 'E').map((e) => Buffer.from(e.entity!.find((x) => x.query)!.query!, 'base64').toString('utf8'));
    expect(queries).toContain('Audit-check');
    await call('sync.now');
    const { rows } = await clinic.central.ctx.db.query<{ device_id: string; action: string }>('SELECT device_id, action FROM audit_event WHERE id = $1', [opened.id]);
    expect(rows[0]).toEqual({ device_id: t.ws.enrolment()!.deviceId, action: 'read' });
  });
});
