import type { Resource } from '@medplum/fhirtypes';
import type { AppointmentRow } from '../../../shared/api/day.js';
import type { PatientSummary, RegisterPerson } from '../../../shared/api/patients.js';
import type { SessionStatus, StaffUser } from '../../../shared/api/session.js';
import type { InboxItem, SyncStatus } from '../../../shared/api/sync.js';
import { assembleChart } from '../../../src-main/chart/assemble.js';
import { largeRecord } from '../../../src-main/chart/sample-records/large-record.js';
import { patientSummary, recordResources } from '../../../src-main/chart/sample-records/record.js';
import { ServiceError } from '../../../src-main/services/errors.js';
import type { WorkstationPorts } from '../../../src-main/services/ports.js';

/**
 * A DEVELOPMENT HARNESS, not the product: the handler map's ports over memory and the chart
 * fixtures, so screens can be built and looked at in a browser before (or without) the real host
 * and Central. The e2e suite proper runs against the real host; this only serves `npm run dev:ui`
 * and screenshot states the real system reaches rarely (a conflict waiting in the inbox).
 */
const USERS: Record<string, StaffUser> = {
  doctor: { id: 'u-doctor', username: 'doctor', displayName: 'Иванова Мария Петровна', role: 'doctor' },
  registrar: { id: 'u-reg', username: 'registrar', displayName: 'Сидоренко Ольга Николаевна', role: 'registrar' },
};
const CLINIC = { id: 'org-pol14', name: 'УЗ «14-я городская поликлиника» г. Минска' };

export function memoryPorts(now: () => Date = () => new Date()): WorkstationPorts {
  let session: SessionStatus = { state: 'signed-out', clinic: CLINIC, user: null, idleLockSeconds: 900 };
  const large = largeRecord('pat-zhuk', 2000);
  const records = new Map<string, { summary: PatientSummary; resources: Resource[] }>([
    [patientSummary.id, { summary: patientSummary, resources: recordResources() }],
    ['pat-zhuk', large],
  ]);
  const pending = new Set<string>();
  const register = new Map<string, RegisterPerson>([
    ['3010190H001PB0', { personalNumber: '3010190H001PB0', family: 'Лукашевич', given: 'Павел', patronymic: 'Иванович', birthDate: '1990-01-01', sex: 'male', address: 'г. Минск, ул. Кальварийская, 7' }],
  ]);
  let settings = { language: 'ru' as const, idleLockMinutes: 15 } as { language: 'ru' | 'be' | 'en'; idleLockMinutes: number };
  const inbox: InboxItem[] = [
    {
      id: 'inbox-1',
      kind: 'conflict',
      createdAt: new Date(now().getTime() - 3_600_000).toISOString(),
      resourceType: 'AllergyIntolerance',
      resourceId: 'alg-penicillin',
      patient: { id: patientSummary.id, name: 'Ковалевская Анна Сергеевна' },
      reason: 'Запись изменена в другом учреждении после того, как её открыли здесь (версия 3, у Central 4).',
      reasonCode: null,
      local: [{ path: 'Критичность', value: 'высокая' }, { path: 'Реакции', value: 'Крапивница, отёк Квинке' }],
      central: [{ path: 'Критичность', value: 'высокая' }, { path: 'Реакции', value: 'Крапивница' }],
    },
  ];
  const status = (): SyncStatus => ({ online: true, lastSyncAt: new Date(now().getTime() - 240_000).toISOString(), pending: pending.size, rejections: 0, conflicts: inbox.length, progress: null, lastError: null });
  const listeners = new Set<(change: { status: SyncStatus; patientIds: string[] | null }) => void>();
  const day = (offset: number, hour: number, minute: number) => new Date(Date.UTC(now().getUTCFullYear(), now().getUTCMonth(), now().getUTCDate() + offset, hour - 3, minute)).toISOString();
  const appointment = (id: string, p: PatientSummary, start: string, reason: string): AppointmentRow => ({ appointmentId: id, start, end: null, status: 'booked', reason, practitioner: USERS.doctor!.displayName, patient: p });
  const missing: PatientSummary = { id: 'pat-new', personalNumber: '3020285H002PB1', family: 'Новик', given: 'Сергей', patronymic: 'Олегович', birthDate: '1985-02-02', sex: 'male', record: { local: false, asOf: null } };

  return {
    now,
    session: {
      status: () => session,
      async login(username, password) {
        const user = USERS[username];
        if (!user || password !== 'demo') throw new ServiceError('unauthenticated', 'Wrong user name or password');
        session = { ...session, state: 'active', user };
        return session;
      },
      lock: () => (session = { ...session, state: 'locked' }),
      async unlock(password) {
        if (password !== 'demo') throw new ServiceError('unauthenticated', 'Wrong password');
        return (session = { ...session, state: 'active' });
      },
      logout: () => (session = { ...session, state: 'signed-out', user: null }),
      touch: () => {},
    },
    patients: {
      search: (query) => [...records.values()].map((r) => r.summary).filter((p) => `${p.family} ${p.given} ${p.personalNumber}`.toLowerCase().includes(query.toLowerCase())),
      byPersonalNumber: (n) => [...records.values()].find((r) => r.summary.personalNumber === n)?.summary ?? null,
      byId: (id) => records.get(id)?.summary ?? null,
      register(input, check) {
        const summary: PatientSummary = { id: `pat-${records.size + 1}`, personalNumber: input.personalNumber, family: input.family, given: input.given, patronymic: input.patronymic ?? null, birthDate: input.birthDate, sex: input.sex, record: { local: true, asOf: check === 'confirmed' ? now().toISOString() : null } };
        records.set(summary.id, { summary, resources: [{ resourceType: 'Patient', id: summary.id }] });
        return summary;
      },
    },
    register: { lookup: async (n) => register.get(n) ?? null },
    remote: {
      async fetch() {
        throw new ServiceError('unavailable', 'The development harness has no Central to fetch from');
      },
    },
    chart: {
      get(id) {
        const record = records.get(id);
        if (!record) return null;
        return assembleChart(record.resources, { today: now().toISOString().slice(0, 10), syncedAt: record.summary.record.asOf, patientSummary: record.summary, pending });
      },
    },
    visits: {
      save(input, author) {
        const record = records.get(input.patientId)!;
        const encounterId = input.encounterId ?? `enc-local-${Date.now()}`;
        record.resources = record.resources.filter((r) => r.id !== encounterId && !(r as { encounter?: { reference?: string } }).encounter?.reference?.endsWith(encounterId));
        record.resources.push({ resourceType: 'Encounter', id: encounterId, status: input.status === 'final' ? 'finished' : 'in-progress', class: { code: 'AMB' }, type: [{ text: 'Приём терапевта' }], subject: { reference: `Patient/${input.patientId}` }, participant: [{ individual: { display: author.displayName } }], serviceProvider: { reference: 'Organization/org-pol14' }, period: { start: now().toISOString() } });
        input.diagnoses.forEach((d, i) => record.resources.push({ resourceType: 'Condition', id: `${encounterId}-c${i}`, subject: { reference: `Patient/${input.patientId}` }, encounter: { reference: `Encounter/${encounterId}` }, code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: d.code }], text: d.title }, clinicalStatus: { coding: [{ code: 'active' }] } }));
        pending.add(`Encounter/${encounterId}`);
        listeners.forEach((l) => l({ status: status(), patientIds: [input.patientId] }));
        return { encounterId, savedAt: now().toISOString() };
      },
    },
    schedule: {
      appointments(from) {
        const offset = Math.round((Date.parse(from) - Date.parse(day(0, 3, 0))) / 86_400_000);
        if (offset === 0) return [appointment('a1', patientSummary, day(0, 9, 15), 'Артериальная гипертензия, контроль'), appointment('a2', large.summary, day(0, 9, 45), 'Выписка рецептов'), appointment('a3', missing, day(0, 10, 30), 'Первичный приём')];
        if (offset === 1) return [appointment('a4', large.summary, day(1, 11, 0), 'Результаты анализов')];
        return [];
      },
    },
    // The desk has no schedules in this harness: the schedule screens are exercised against a real Central (test/e2e/schedule.test.ts).
    desk: {
      directory: () => ({ schedules: [], specialties: [] }),
      view: (query) => ({ from: query.from, days: query.days, schedules: [] }),
      nextFree: () => [],
      book: () => deskUnavailable(),
      cancel: () => deskUnavailable(),
      reschedule: () => deskUnavailable(),
      mark: () => deskUnavailable(),
      walkIns: () => [],
      addWalkIn: () => deskUnavailable(),
      walkInAction: () => deskUnavailable(),
      preventiveDue: () => ({ asOf: now().toISOString().slice(0, 10), total: 0, entries: [] }),
      refusals: () => [],
      patientOfAppointment: () => null,
    },
    icd10: {
      search: (query) =>
        [
          { code: 'I10', title: 'Эссенциальная [первичная] гипертензия' },
          { code: 'I11.9', title: 'Гипертензивная болезнь сердца без застойной сердечной недостаточности' },
          { code: 'J06.9', title: 'Острая инфекция верхних дыхательных путей неуточненная' },
          { code: 'J20.9', title: 'Острый бронхит неуточненный' },
        ].filter((c) => c.code.toLowerCase().startsWith(query.toLowerCase()) || c.title.toLowerCase().includes(query.toLowerCase())),
    },
    sync: {
      status,
      syncNow: async () => status(),
      inbox: () => inbox,
      async resolve(id) {
        inbox.splice(inbox.findIndex((i) => i.id === id), 1);
      },
      onChange(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    settings: { get: () => settings, set: (patch) => (settings = { ...settings, ...patch }) },
    audit: { record: () => {} },
    // Nothing here commits: the in-memory harness has no transaction to run the act in.
    atomically: (act) => act(),
    // Certificates need Central's answers: exercised against a real Central (src-main/host/sick-leave.int.test.ts).
    sickLeave: {
      list: async () => ({ certificates: [], refreshed: false }),
      open: () => deskUnavailable(),
      change: () => deskUnavailable(),
      patientOfCertificate: () => null,
    },
    // Schedule definitions live at Central: exercised against a real one (src-main/services/online/schedule-admin.int.test.ts).
    scheduleAdmin: {
      definitions: async () => deskUnavailable(),
      save: async () => deskUnavailable(),
      rebookList: async () => [],
      choices: async () => deskUnavailable(),
    },
  };
}

function deskUnavailable(): never {
  throw new ServiceError('unavailable', 'This development harness has no schedules');
}
