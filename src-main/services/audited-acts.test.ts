import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Appointment, AuditEvent, Encounter, Slot } from '@medplum/fhirtypes';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api/contract.js';
import type { StaffUser } from '../../shared/api/session.js';
import { makePersonalNumber } from '../../shared/domain/personal-number.js';
import { localWorkPorts } from '../../test/fixtures/workstation/store-ports.js';
import { refusedWrites } from '../../test/fixtures/workstation/refused-writes.js';
import { makeTempDir } from '../../test/fixtures/workstation/temp-dir.js';
import { LocalStore } from '../db/local-store.js';
import { generateDatabaseKey } from '../keys/database-key.js';
import { createHandlers } from './handlers.js';

/**
 * A write and its AuditEvent are one local transaction: when the audit trail refuses the event
 * (a real SQLite failure, raised by a trigger another connection put on `audit_local`), the
 * write is not committed either, its own transaction (a savepoint inside the act's) included; when
 * the write is refused, no AuditEvent says it happened.
 */

const NOW = new Date('2026-03-02T09:00:00Z');
const registrar: StaffUser = { id: 'u-reg', username: 'registrar', displayName: 'Регистратор Тестовая', role: 'registrar' };
const doctor: StaffUser = { id: 'u-doc', username: 'doctor', displayName: 'Доктор Тестовый', role: 'doctor' };

let dir: ReturnType<typeof makeTempDir>;
let path: string;
const key = generateDatabaseKey();
let store: LocalStore;
let handlers: ReturnType<typeof createHandlers>;

const storePorts = () => localWorkPorts(store, () => NOW);

/** What an act leaves behind besides its resources: outbox entries, the local audit trail. */
const outboxSize = () => store.outbox.pendingCount();
const auditTrail = (): AuditEvent[] => store.audit.undelivered(10_000);
const auditsOf = (patientId: string) => auditTrail().filter((event) => event.entity?.some((e) => e.what?.reference === `Patient/${patientId}`));

const refusals = refusedWrites(() => path, key);
/** Makes every INSERT into the local audit trail fail. */
const refuseAuditWrites = () => refusals.refuse('audit_local', 'INSERT', 'the audit trail refuses the event');
const acceptAuditWrites = () => refusals.accept();

const registration = (sequence: number) =>
  API['patients.register'].input.parse({ personalNumber: makePersonalNumber('1980-04-12', 'female', 'H', sequence), family: 'Ковалёва', given: 'Анна', birthDate: '1980-04-12', sex: 'female' });

beforeAll(() => {
  dir = makeTempDir();
  path = join(dir.path, 'store.db');
  store = LocalStore.open(path, key);
  handlers = createHandlers(storePorts());
});
afterEach(acceptAuditWrites);
afterAll(() => {
  store.close();
  dir.remove();
});

describe('a registration and its AuditEvent', () => {
  it('commit together: the patient, its outbox entry and one create event', async () => {
    const before = outboxSize();
    const input = registration(101);
    const { patient } = await handlers['patients.register'](input, { user: registrar });
    expect(store.patients.idByPersonalNumber(input.personalNumber)).toBe(patient.id);
    expect(outboxSize()).toBe(before + 1);
    expect(auditsOf(patient.id).map((event) => event.action)).toEqual(['C']);
  });

  it('are neither committed when the audit trail refuses the event: no patient, no outbox entry', async () => {
    const input = registration(102);
    const outboxBefore = outboxSize();
    const auditBefore = auditTrail().length;
    refuseAuditWrites();
    await expect(handlers['patients.register'](input, { user: registrar })).rejects.toThrow(/audit trail refuses/);
    expect(store.patients.idByPersonalNumber(input.personalNumber)).toBeNull();
    expect(outboxSize()).toBe(outboxBefore);
    expect(auditTrail()).toHaveLength(auditBefore);

    // Nothing half-done stands in the way: once the trail accepts events, the same registration goes through.
    acceptAuditWrites();
    const { patient } = await handlers['patients.register'](input, { user: registrar });
    expect(store.registerChecks.get(patient.id)).toMatchObject({ status: 'pending' });
    expect(auditsOf(patient.id)).toHaveLength(1);
  });

  it('leave no event of success when the registration itself is refused (a duplicate, inside the same transaction)', async () => {
    const input = registration(103);
    await handlers['patients.register'](input, { user: registrar });
    const auditBefore = auditTrail().length;
    const outboxBefore = outboxSize();
    // The handler's pre-check sees the duplicate first; the act as the handler runs it after its
    // await shows the store's own check (the one that guards a race) inside the transaction.
    const ports = storePorts();
    expect(() =>
      ports.atomically(() => {
        const patient = ports.patients.register(input, 'pending');
        ports.audit.record({ action: 'create', user: registrar, patientId: patient.id });
      }),
    ).toThrow(/already registered/);
    expect(auditTrail()).toHaveLength(auditBefore);
    expect(outboxSize()).toBe(outboxBefore);
  });
});

describe('a visit and its AuditEvent', () => {
  let patientId: string;
  beforeAll(async () => {
    patientId = (await handlers['patients.register'](registration(201), { user: registrar })).patient.id;
  });

  it('are neither committed when the audit trail refuses the event: no Encounter, no outbox entry', () => {
    const outboxBefore = outboxSize();
    const input = API['visits.save'].input.parse({ patientId, complaints: 'Кашель три дня' });
    refuseAuditWrites();
    expect(() => handlers['visits.save'](input, { user: doctor })).toThrow(/audit trail refuses/);
    expect(store.resources.listByPatient(patientId, ['Encounter'])).toEqual([]);
    expect(outboxSize()).toBe(outboxBefore);
    expect(auditsOf(patientId).map((event) => event.action)).toEqual(['C']);
  });

  it('commit together otherwise, and a refused edit leaves no event and changes nothing', async () => {
    const input = API['visits.save'].input.parse({ patientId, complaints: 'Кашель три дня', status: 'final' });
    const saved = await handlers['visits.save'](input, { user: doctor });
    expect(store.resources.get<Encounter>('Encounter', saved.encounterId)?.status).toBe('finished');
    expect(auditsOf(patientId).map((event) => event.action)).toEqual(['C', 'C']);
    const outboxBefore = outboxSize();
    const edit = API['visits.save'].input.parse({ patientId, encounterId: saved.encounterId, complaints: 'Исправлено' });
    expect(() => handlers['visits.save'](edit, { user: doctor })).toThrow(/signed off/);
    expect(auditsOf(patientId)).toHaveLength(2);
    expect(outboxSize()).toBe(outboxBefore);
  });
});

describe('a sick-leave step and its AuditEvent', () => {
  let patientId: string;
  beforeAll(async () => {
    patientId = (await handlers['patients.register'](registration(301), { user: registrar })).patient.id;
  });
  const opening = () => API['sickLeave.open'].input.parse({ patientId, reason: 'disease', diagnosis: 'J06.9', from: '2026-03-02', to: '2026-03-06' });

  it('are neither committed when the audit trail refuses the event: no step queued', () => {
    const steps = store.sickLeave.steps().length;
    refuseAuditWrites();
    expect(() => handlers['sickLeave.open'](opening(), { user: doctor })).toThrow(/audit trail refuses/);
    expect(store.sickLeave.steps()).toHaveLength(steps);
    expect(auditsOf(patientId).map((event) => event.action)).toEqual(['C']);
  });

  it('commit together otherwise: one step, one event; a step the rules refuse leaves neither', () => {
    const steps = store.sickLeave.steps().length;
    const { certificate } = handlers['sickLeave.open'](opening(), { user: doctor }) as { certificate: { id: string } };
    expect(store.sickLeave.steps()).toHaveLength(steps + 1);
    expect(auditsOf(patientId).map((event) => event.action)).toEqual(['C', 'C']);
    const refused = API['sickLeave.change'].input.parse({ certificateId: certificate.id, action: 'extend', to: '2026-03-01' });
    expect(() => handlers['sickLeave.change'](refused, { user: doctor })).toThrow();
    expect(store.sickLeave.steps()).toHaveLength(steps + 1);
    expect(auditsOf(patientId)).toHaveLength(2);
  });
});

describe('a desk command and its AuditEvent', () => {
  let patientId: string;
  const slot = (id: string, hour: number): Slot => ({
    resourceType: 'Slot',
    id,
    meta: { versionId: '1' },
    schedule: { reference: 'Schedule/sch-1' },
    status: 'free',
    start: `2026-03-03T${hour}:00:00Z`,
    end: `2026-03-03T${hour}:20:00Z`,
  });
  beforeAll(async () => {
    patientId = (await handlers['patients.register'](registration(401), { user: registrar })).patient.id;
    store.resources.upsertMany([slot('slot-1', 10), slot('slot-2', 11)]);
  });

  it('are neither committed when the audit trail refuses the event: no Appointment, no outbox entry', () => {
    const outboxBefore = outboxSize();
    refuseAuditWrites();
    const book = API['schedule.book'].input.parse({ slotId: 'slot-1', patientId, appointmentId: 'appt-refused' });
    expect(() => handlers['schedule.book'](book, { user: registrar })).toThrow(/audit trail refuses/);
    expect(store.resources.get('Appointment', 'appt-refused')).toBeUndefined();
    expect(outboxSize()).toBe(outboxBefore);
    expect(auditsOf(patientId).map((event) => event.action)).toEqual(['C']);
  });

  it('commit together otherwise: a booking, a move and a cancellation leave one event each', () => {
    const outboxBefore = outboxSize();
    const book = API['schedule.book'].input.parse({ slotId: 'slot-1', patientId, appointmentId: 'appt-1' });
    handlers['schedule.book'](book, { user: registrar });
    handlers['schedule.reschedule'](API['schedule.reschedule'].input.parse({ appointmentId: 'appt-1', slotId: 'slot-2' }), { user: registrar });
    handlers['schedule.cancel'](API['schedule.cancel'].input.parse({ appointmentId: 'appt-1', reason: 'Пациент позвонил' }), { user: registrar });
    expect(store.resources.get<Appointment>('Appointment', 'appt-1')?.status).toBe('cancelled');
    expect(outboxSize()).toBe(outboxBefore + 3);
    expect(auditsOf(patientId).map((event) => event.action)).toEqual(['C', 'C', 'U', 'U']);
  });

  it('leave no event when the desk refuses the command', () => {
    const before = auditTrail().length;
    const taken = API['schedule.book'].input.parse({ slotId: 'slot-9', patientId });
    expect(() => handlers['schedule.book'](taken, { user: registrar })).toThrow(/slot is not on this workstation/);
    expect(auditTrail()).toHaveLength(before);
  });
});

describe('a workstation killed between the write and its AuditEvent', () => {
  it('comes back with neither: the registration was never committed, nothing queued for Central', async () => {
    const personalNumber = makePersonalNumber('1980-04-12', 'female', 'H', 501);
    const outboxBefore = outboxSize();
    const child = fileURLToPath(new URL('../../test/fixtures/workstation/kill-inside-act.ts', import.meta.url));
    const ended = await new Promise<{ signal: NodeJS.Signals | null; stdout: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', child, personalNumber], { env: { ...process.env, MEDKARTA_TEST_STORE: path, MEDKARTA_TEST_KEY: key } }, (error, stdout) =>
        resolve({ signal: (error as { signal?: NodeJS.Signals } | null)?.signal ?? null, stdout }),
      );
    });
    // It died by the kill, after the patient was written inside the act's transaction.
    expect(ended.signal).toBe('SIGKILL');
    const writtenId = /^written (\S+)$/m.exec(ended.stdout)?.[1];
    expect(writtenId).toMatch(/^[0-9a-f-]{36}$/);
    // This connection sees what the dead one committed: nothing.
    expect(store.patients.idByPersonalNumber(personalNumber)).toBeNull();
    expect(store.resources.get('Patient', writtenId!)).toBeUndefined();
    expect(outboxSize()).toBe(outboxBefore);
    expect(auditsOf(writtenId!)).toEqual([]);
  });
});
