import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Appointment, Patient } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/fixtures/workstation/temp-dir.js';
import { generateDatabaseKey } from '../keys/database-key.js';
import { LocalStore } from './local-store.js';
import { MIGRATIONS } from './migrate.js';

let dir: ReturnType<typeof makeTempDir>;
let store: LocalStore;
beforeEach(() => {
  dir = makeTempDir();
  store = LocalStore.open(join(dir.path, 'store.db'), generateDatabaseKey());
});
afterEach(() => {
  store.close();
  dir.remove();
});

const verifier = { algorithm: 'scrypt' as const, userId: 'u1', username: 'ivanova', N: 16384, r: 8, p: 1, keyLength: 32, salt: 'c2FsdHNhbHRzYWx0', verifier: 'dmVyaWZpZXJ2ZXJpZmllcnZlcmlmaWVy', issuedAt: '2025-03-01T08:00:00Z' };
const profile = { id: 'u1', username: 'ivanova', display: 'Иванова А. П.', roles: ['doctor' as const], organizationId: 'org-1', practitionerId: 'pr-1' };

describe('the workstation tables', () => {
  it('are at the latest schema version, in WAL mode', () => {
    const path = join(dir.path, 'other.db');
    const other = LocalStore.open(path, generateDatabaseKey());
    other.hostState.set('cli.session', '{}');
    // In WAL mode a commit lands in the -wal file first.
    expect(existsSync(`${path}-wal`)).toBe(true);
    other.close();
    expect(MIGRATIONS.at(-1)!.version).toBeGreaterThanOrEqual(2);
    expect(MIGRATIONS.map((m) => m.version)).toEqual([...MIGRATIONS.map((m) => m.version)].sort((a, b) => a - b));
  });

  it('keep one enrolment and refuse a second', () => {
    expect(store.enrolment.get()).toBeNull();
    const enrolment = { deviceId: 'device-1', deviceSecret: 's3cret', organizationId: 'org-1', organizationName: 'Поликлиника №1', display: 'Кабинет 12', centralUrl: 'http://127.0.0.1:8080', enrolledAt: '2025-03-01T08:00:00Z', enrolledBy: 'admin' };
    store.enrolment.save(enrolment);
    expect(store.enrolment.get()).toEqual(enrolment);
    expect(() => store.enrolment.save({ ...enrolment, deviceId: 'device-2' })).toThrow(/already enrolled/);
  });

  it('keep staff accounts by user name in any case, with the newest refresh token, and forget them', () => {
    store.staff.save({ profile, verifier, refreshToken: 'r1', lastOnlineLogin: '2025-03-01T08:00:00Z' });
    expect(store.staff.findByUsername('IvAnova ')).toMatchObject({ profile, refreshToken: 'r1' });
    store.staff.setRefreshToken('u1', 'r2');
    expect(store.staff.findById('u1')!.refreshToken).toBe('r2');
    store.staff.forget('IVANOVA');
    expect(store.staff.findByUsername('ivanova')).toBeNull();
  });

  it('track register checks until they are done', () => {
    const now = new Date('2025-03-01T08:00:00Z');
    store.registerChecks.add('p1', '3120461H016PB1', 'pending', now);
    store.registerChecks.add('p2', '3120461H017PB1', 'confirmed', now);
    expect(store.registerChecks.pending().map((c) => c.patientId)).toEqual(['p1']);
    store.registerChecks.record('p1', 'pending', now);
    expect(store.registerChecks.get('p1')).toMatchObject({ status: 'pending', attempts: 1 });
    store.registerChecks.record('p1', 'confirmed', now);
    expect(store.registerChecks.pending()).toEqual([]);
  });

  it('search the local ICD-10 by code prefix (either keyboard layout) and by word beginnings, leaves first', () => {
    store.icd10.replaceAll([
      { code: 'J06', title: 'Острые инфекции верхних дыхательных путей множественной и неуточненной локализации', leaf: false },
      { code: 'J06.9', title: 'Острая инфекция верхних дыхательных путей неуточненная', leaf: true },
      { code: 'J20.9', title: 'Острый бронхит неуточненный', leaf: true },
      { code: 'I10', title: 'Эссенциальная [первичная] гипертензия', leaf: true },
      { code: 'E11.9', title: 'Инсулиннезависимый сахарный диабет без осложнений', leaf: true },
    ]);
    expect(store.icd10.count()).toBe(5);
    expect(store.icd10.search('J06', 10).map((e) => e.code)).toEqual(['J06.9', 'J06']);
    expect(store.icd10.search('о06', 10).map((e) => e.code)).toEqual(['J06.9', 'J06']);
    expect(store.icd10.search('j069', 10).map((e) => e.code)).toEqual(['J06.9']);
    expect(store.icd10.search('остр бронх', 10).map((e) => e.code)).toEqual(['J20.9']);
    expect(store.icd10.search('ОСТРЫЙ', 10).map((e) => e.code)).toEqual(['J20.9']);
    expect(store.icd10.search('неуточнённая', 10).map((e) => e.code)).toEqual(['J06.9']);
    expect(store.icd10.search('гипертенз', 1)).toEqual([{ code: 'I10', title: 'Эссенциальная [первичная] гипертензия', leaf: true }]);
    expect(store.icd10.search('"*) OR', 10)).toEqual([]);
    store.icd10.replaceAll([{ code: 'A00', title: 'Холера', leaf: false }]);
    expect(store.icd10.search('остр', 10)).toEqual([]);
  });

  it('list appointments by start as instants, whatever offset they were written in', () => {
    const appointment = (id: string, start: string): Appointment => ({ resourceType: 'Appointment', id, meta: { versionId: '1' }, status: 'booked', start, participant: [{ actor: { reference: 'Patient/p1' }, status: 'accepted' }] });
    store.resources.upsertMany([
      appointment('a1', '2025-03-01T08:00:00+03:00'),
      appointment('a2', '2025-03-01T06:00:00Z'),
      appointment('a3', '2025-03-02T00:30:00+03:00'),
    ]);
    const ids = (from: string, to: string) => store.appointments.startingBetween(from, to).map((a) => a.id);
    expect(ids('2025-03-01T00:00:00Z', '2025-03-01T21:00:00Z')).toEqual(['a1', 'a2']);
    expect(ids('2025-03-01T00:00:00Z', '2025-03-02T00:00:00Z')).toEqual(['a1', 'a2', 'a3']);
    expect(ids('2025-03-01T04:30:00Z', '2025-03-01T05:30:00Z')).toEqual(['a1']);
    expect(ids('2025-03-01T21:00:00Z', '2025-03-02T21:00:00Z')).toEqual(['a3']);
  });

  it('names the resources with changes Central has not confirmed', () => {
    const patient: Patient = { resourceType: 'Patient', id: 'p9' };
    store.transaction(() => {
      store.resources.writeLocal(patient);
      store.outbox.enqueue('create', { resource: patient });
      store.outbox.enqueue('audit', { event: { resourceType: 'AuditEvent', id: 'e1' } });
    });
    expect(store.pendingResources.keys()).toEqual(new Set(['Patient/p9']));
    expect(store.patients.idByPersonalNumber('NOPE')).toBeNull();
  });

  it('keep host state by name', () => {
    store.hostState.set('icd10.pulledAt', '2025-03-01T08:00:00Z');
    expect(store.hostState.get('icd10.pulledAt')).toBe('2025-03-01T08:00:00Z');
    store.hostState.delete('icd10.pulledAt');
    expect(store.hostState.get('icd10.pulledAt')).toBeUndefined();
  });
});
