import type { Condition, Patient, Resource } from '@medplum/fhirtypes';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makePatient } from '../../test/fixtures/workstation/patients.js';
import { makeTempDir } from '../../test/fixtures/workstation/temp-dir.js';
import { generateDatabaseKey } from '../keys/database-key.js';
import { LocalStore } from './local-store.js';
import type { ResourceText } from './resources.js';

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

const ivanov = (versionId: number, family = 'Иванов') =>
  makePatient({ id: 'p1', family, given: 'Иван', patronymic: 'Петрович', birthDate: '1980-02-03', gender: 'male', versionId });

function condition(id: string, versionId: number, code: string, patientId = 'p1'): Condition {
  return {
    resourceType: 'Condition',
    id,
    meta: { versionId: String(versionId), lastUpdated: '2025-02-01T10:00:00Z' },
    subject: { reference: `Patient/${patientId}` },
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code }] },
  };
}

describe('ResourceRepository', () => {
  it('applies a newer version and ignores the same or an older one', () => {
    expect(store.resources.upsertMany([ivanov(2)])).toEqual({ applied: 1, skipped: 0 });
    expect(store.resources.upsertMany([ivanov(1, 'Старый'), ivanov(2, 'Тот же')])).toEqual({ applied: 0, skipped: 2 });
    expect((store.resources.get('Patient', 'p1') as Patient | undefined)?.name?.[0]?.family).toBe('Иванов');
    expect(store.resources.upsertMany([ivanov(3, 'Петров')]).applied).toBe(1);
    expect((store.resources.get('Patient', 'p1') as Patient | undefined)?.name?.[0]?.family).toBe('Петров');
    expect(store.resources.versionOf('Patient', 'p1')).toBe(3);
  });

  it('keeps the search index in step with the newest version', () => {
    store.resources.upsertMany([ivanov(1)]);
    expect(store.patients.search('Иванов').map((h) => h.id)).toEqual(['p1']);
    store.resources.upsertMany([ivanov(2, 'Петров')]);
    expect(store.patients.search('Иванов')).toEqual([]);
    expect(store.patients.search('Петров').map((h) => h.id)).toEqual(['p1']);
    store.resources.upsertMany([ivanov(1)]); // an old copy arriving late changes nothing
    expect(store.patients.search('Иванов')).toEqual([]);
  });

  it('lists a patient record, optionally by type, and files resources under their patient', () => {
    store.resources.upsertMany([ivanov(1), condition('c1', 1, 'I10'), condition('c2', 1, 'E11'), condition('c3', 1, 'J45', 'p2')]);
    expect(store.resources.listByPatient('p1').map((r) => r.id).sort()).toEqual(['c1', 'c2', 'p1']);
    expect(store.resources.listByPatient('p1', ['Condition']).map((r) => r.id).sort()).toEqual(['c1', 'c2']);
    expect(store.resources.listByPatient('p1', ['Observation'])).toEqual([]);
  });

  it('tombstones a deletion: gone from reads and search, and an older copy cannot revive it', () => {
    store.resources.upsertMany([ivanov(1), condition('c1', 1, 'I10')]);
    expect(store.resources.tombstone({ resourceType: 'Condition', id: 'c1', versionId: 2 })).toBe(true);
    expect(store.resources.get('Condition', 'c1')).toBeUndefined();
    expect(store.resources.upsertMany([condition('c1', 1, 'I10')]).applied).toBe(0);
    expect(store.resources.listByPatient('p1', ['Condition'])).toEqual([]);
    store.resources.tombstone({ resourceType: 'Patient', id: 'p1', versionId: 5 });
    expect(store.patients.search('Иванов')).toEqual([]);
  });

  it('removes a patient who left the scope, record and search entry, and can take them back later', () => {
    store.resources.upsertMany([ivanov(1), condition('c1', 1, 'I10'), condition('c3', 1, 'J45', 'p2')]);
    expect(store.resources.removePatient('p1')).toBe(2);
    expect(store.resources.listByPatient('p1')).toEqual([]);
    expect(store.patients.search('Иванов')).toEqual([]);
    expect(store.resources.listByPatient('p2')).toHaveLength(1);
    expect(store.resources.upsertMany([ivanov(1)]).applied).toBe(1);
  });

  it('refuses a resource whose versionId is not Central-shaped', () => {
    const bad = { ...condition('c1', 1, 'I10'), meta: { versionId: 'W/"1"' } } as Resource;
    expect(() => store.resources.upsertMany([bad])).toThrow(/whole numbers/);
  });
});

describe('applyPage', () => {
  it('writes a page and its cursor together', () => {
    store.applyPage([ivanov(1), condition('c1', 1, 'I10')], 'cursor-1');
    expect(store.pullCursor()).toBe('cursor-1');
    expect(store.resources.listByPatient('p1')).toHaveLength(2);
  });

  it('leaves neither rows nor cursor when the page fails half-way', () => {
    store.applyPage([condition('c0', 1, 'I10')], 'cursor-1');
    const broken = { ...condition('c2', 1, 'E11'), meta: { versionId: 'seven' } } as Resource;
    expect(() => store.applyPage([ivanov(1), condition('c1', 1, 'J45'), broken], 'cursor-2')).toThrow();
    expect(store.pullCursor()).toBe('cursor-1');
    expect(store.resources.get('Patient', 'p1')).toBeUndefined();
    expect(store.resources.get('Condition', 'c1')).toBeUndefined();
    expect(store.patients.search('Иванов')).toEqual([]);
  });

  it('is idempotent: the same page twice applies nothing the second time', () => {
    const page = [ivanov(1), condition('c1', 1, 'I10')];
    expect(store.applyPage(page, 'c-1').applied).toBe(2);
    expect(store.applyPage(page, 'c-1')).toEqual({ applied: 0, skipped: 2 });
  });
});

/** A resource as a lines page brings it: Central's key and its JSON as PostgreSQL writes jsonb out (a space after each colon and comma). */
function received(resource: Resource, patientId: string | null): ResourceText {
  const text = JSON.stringify(resource).replace(/":/g, '": ').replace(/,"/g, ', "');
  return { key: [resource.resourceType, resource.id!, Number(resource.meta!.versionId), resource.meta!.lastUpdated ?? null, patientId], json: Buffer.from(text, 'utf8') };
}

describe('applyPage with resources received as text', () => {
  it('stores each as the same JSON as a resource received parsed, indexed and filed under the patient of its key', () => {
    const patient = ivanov(2);
    expect(store.applyPage([], 'cursor-1', [], [received(patient, 'p1'), received(condition('c1', 1, 'I10'), 'p1')])).toEqual({ applied: 2, skipped: 0 });
    expect(store.pullCursor()).toBe('cursor-1');
    expect(store.resources.get('Patient', 'p1')).toEqual(patient);
    expect(store.resources.listByPatient('p1').map((r) => r.id).sort()).toEqual(['c1', 'p1']);
    expect(store.patients.search('Иванов').map((p) => p.id)).toEqual(['p1']);
    // Stored minified, as JSON.stringify writes it: a chart reads the same text whichever way it came.
    const other = LocalStore.open(join(dir.path, 'parsed.db'), generateDatabaseKey());
    other.applyPage([patient, condition('c1', 1, 'I10')], 'cursor-1');
    const rows = (s: LocalStore) => [...s.resources.rawRows(10)].flat().map(({ rowid: _rowid, ...row }) => row);
    expect(rows(store)).toEqual(rows(other));
    other.close();
  });

  it('keeps versions moving forward only, as for parsed resources', () => {
    store.applyPage([], 'cursor-1', [], [received(ivanov(3), 'p1')]);
    expect(store.applyPage([], 'cursor-2', [], [received(ivanov(2, 'Старый'), 'p1'), received(ivanov(3, 'Тот же'), 'p1')])).toEqual({ applied: 0, skipped: 2 });
    expect(store.resources.get<Patient>('Patient', 'p1')?.name?.[0]?.family).toBe('Иванов');
    expect(store.applyPage([], 'cursor-3', [], [received(ivanov(4, 'Петров'), 'p1')]).applied).toBe(1);
    expect(store.patients.search('Петров').map((p) => p.id)).toEqual(['p1']);
  });

  it('refuses a page with a text that is not JSON, leaving neither its rows nor its cursor', () => {
    store.applyPage([], 'cursor-1', [], [received(condition('c0', 1, 'I10'), 'p1')]);
    const broken: ResourceText = { key: ['Condition', 'c2', 1, null, 'p1'], json: Buffer.from('{"resourceType": "Condition", "id": "c2", ', 'utf8') };
    expect(() => store.applyPage([], 'cursor-2', [], [received(ivanov(1), 'p1'), received(condition('c1', 1, 'J45'), 'p1'), broken])).toThrow(/malformed JSON/);
    expect(store.pullCursor()).toBe('cursor-1');
    expect(store.resources.get('Patient', 'p1')).toBeUndefined();
    expect(store.resources.get('Condition', 'c1')).toBeUndefined();
    expect(store.patients.search('Иванов')).toEqual([]);
  });
});

describe('sync bookkeeping', () => {
  it('gives outbox mutations ids that only grow, even after rows are removed', () => {
    const a = store.outbox.enqueue('patient.register', { id: 'p1' });
    const b = store.outbox.enqueue('encounter.create', { id: 'e1' }, 3);
    expect(b).toBeGreaterThan(a);
    expect(store.outbox.pending().map((m) => [m.mutationId, m.kind, m.baseVersion])).toEqual([[a, 'patient.register', null], [b, 'encounter.create', 3]]);
    store.outbox.markStatus([a], 'applied');
    expect(store.outbox.pendingCount()).toBe(1);
    expect(store.outbox.enqueue('x', {})).toBeGreaterThan(b);
  });

  it('keeps one inbox item per mutation until a person resolves it', () => {
    const outcome = { resourceType: 'OperationOutcome' as const, issue: [{ severity: 'error' as const, code: 'conflict' as const }] };
    store.inbox.add({ mutationId: 7, kind: 'conflict', outcome, local: { a: 1 }, server: { a: 2 } });
    store.inbox.add({ mutationId: 7, kind: 'conflict', outcome });
    const [item, ...rest] = store.inbox.open();
    expect(rest).toEqual([]);
    expect(item).toMatchObject({ mutationId: 7, local: { a: 1 }, server: { a: 2 }, resolvedAt: null });
    expect(store.inbox.resolve(item!.id, 'keep-central')).toBe(true);
    expect(store.inbox.resolve(item!.id, 'keep-local')).toBe(false);
    expect(store.inbox.open()).toEqual([]);
  });

  it('records audit events once and tracks their delivery', () => {
    const event = { resourceType: 'AuditEvent' as const, id: 'a1', recorded: '2025-03-01T08:00:00Z', type: { code: 'rest' }, agent: [], source: { observer: {} } };
    store.audit.record(event);
    store.audit.record(event);
    expect(store.audit.undelivered().map((e) => e.id)).toEqual(['a1']);
    store.audit.markDelivered(['a1']);
    expect(store.audit.undelivered()).toEqual([]);
  });

  it('pins and unpins patients', () => {
    store.pinned.pin('p1', 'doctor-1');
    store.pinned.pin('p1', 'doctor-2');
    expect(store.pinned.list()).toMatchObject([{ patientId: 'p1', pinnedBy: 'doctor-1' }]);
    store.pinned.unpin('p1');
    expect(store.pinned.list()).toEqual([]);
  });
});
