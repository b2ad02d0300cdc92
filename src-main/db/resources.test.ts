import type { Condition, Patient, Resource } from '@medplum/fhirtypes';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makePatient } from '../../test/fixtures/workstation/patients.js';
import { makeTempDir } from '../../test/fixtures/workstation/temp-dir.js';
import { generateDatabaseKey } from '../keys/database-key.js';
import { LocalStore } from './local-store.js';
import { asPostgresWritesIt, pageRows } from '../../test/fixtures/workstation/resource-rows.js';

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
    expect(store.resources.upsertMany([ivanov(2)])).toMatchObject({ applied: 1, skipped: 0 });
    expect(store.resources.upsertMany([ivanov(1, 'Старый'), ivanov(2, 'Тот же')])).toMatchObject({ applied: 0, skipped: 2 });
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
    expect(store.applyPage(page, 'c-1')).toMatchObject({ applied: 0, skipped: 2 });
  });
});

describe('applyPage with a page of rows as SQLite reads them', () => {
  it('stores each as the same JSON as a resource received parsed, indexed and filed under the patient of its key', () => {
    const patient = ivanov(2);
    const result = store.applyPage([], 'cursor-1', [], pageRows(store, [patient, condition('c1', 1, 'I10')], () => 'p1'));
    expect(result).toEqual({ applied: 2, skipped: 0, changed: { patientIds: ['p1'], unheld: false } });
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
    store.applyPage([], 'cursor-1', [], pageRows(store, [ivanov(3)]));
    expect(store.applyPage([], 'cursor-2', [], pageRows(store, [ivanov(2, 'Старый'), ivanov(3, 'Тот же')]))).toMatchObject({ applied: 0, skipped: 2, changed: { patientIds: [] } });
    expect(store.resources.get<Patient>('Patient', 'p1')?.name?.[0]?.family).toBe('Иванов');
    expect(store.patients.search('Старый')).toEqual([]);
    expect(store.applyPage([], 'cursor-3', [], pageRows(store, [ivanov(4, 'Петров')])).applied).toBe(1);
    expect(store.patients.search('Петров').map((p) => p.id)).toEqual(['p1']);
    expect(store.patients.search('Иванов')).toEqual([]);
  });

  it('names the records a page changed: the patient holding each resource after it and before it, and whether anything held by no patient changed', () => {
    store.applyPage([ivanov(1), { ...ivanov(1), id: 'p2' }], 'cursor-1');
    store.applyPage([], 'cursor-2', [], pageRows(store, [condition('c1', 1, 'I10')], () => 'p1'));
    // The condition moves to p2: both records changed.
    const moved = store.applyPage([], 'cursor-3', [], pageRows(store, [condition('c1', 2, 'I10')], () => 'p2'));
    expect({ ...moved.changed, patientIds: [...moved.changed.patientIds].sort() }).toEqual({ patientIds: ['p1', 'p2'], unheld: false });
    expect(store.resources.holderOf('Condition', 'c1')).toBe('p2');
    const organization: Resource = { resourceType: 'Organization', id: 'org-1', name: 'Поликлиника', meta: { versionId: '1' } };
    expect(store.applyPage([], 'cursor-4', [], pageRows(store, [organization])).changed).toEqual({ patientIds: [], unheld: true });
  });

  it('logs what it wrote, so the kept records of every connection follow', () => {
    store.applyPage([ivanov(1)], 'cursor-1');
    const record = store.resources.patientRecord('p1');
    expect(record.resources.map((r) => r.id)).toEqual(['p1']);
    store.applyPage([], 'cursor-2', [], pageRows(store, [condition('c1', 1, 'I10'), ivanov(2, 'Петров')], () => 'p1'));
    const again = store.resources.patientRecord('p1');
    expect(again.resources.map((r) => r.id).sort()).toEqual(['c1', 'p1']);
    expect(again.resources.find((r) => r.resourceType === 'Patient')).toMatchObject({ name: [{ family: 'Петров' }] });
  });

  it('refuses rows that are not what the layout says, naming the first wrong one', () => {
    const read = (text: string) => store.resources.readRows(Buffer.from(text, 'utf8'));
    const patientText = asPostgresWritesIt(ivanov(2));
    const one = (key: string, resource = patientText) => read(`[["Patient","p1",2,null,"p1",${patientText}],[${key},${resource}]]`);
    expect(read('[["Patient","p1",2,null,"p1",')).toEqual({ problem: 'they are not JSON' });
    expect(read('{"rows": []}')).toEqual({ problem: 'they are not an array' });
    expect(one('"Patient","p1",2,null')).toEqual({ problem: 'resource 2: not a key and a resource' });
    expect(one('7,"p1",2,null,"p1"')).toEqual({ problem: 'resource 2: no resource type' });
    expect(one('"","p1",2,null,"p1"')).toEqual({ problem: 'resource 2: no resource type' });
    expect(one('"patient","p1",2,null,"p1"')).toEqual({ problem: 'resource 2: a resource that is not the one its key names' });
    expect(one('"Patient","p 1",2,null,"p1"')).toEqual({ problem: 'resource 2: no FHIR id' });
    expect(one('"Patient",{"id":"p1"},2,null,"p1"')).toEqual({ problem: 'resource 2: no FHIR id' });
    expect(one('"Patient","p1","2",null,"p1"')).toEqual({ problem: 'resource 2: no version' });
    expect(one('"Patient","p1",0,null,"p1"')).toEqual({ problem: 'resource 2: no version' });
    expect(one('"Patient","p1",2.5,null,"p1"')).toEqual({ problem: 'resource 2: no version' });
    expect(one('"Patient","p1",2,["2025"],"p1"')).toEqual({ problem: 'resource 2: a lastUpdated that is not a time' });
    expect(one('"Patient","p1",2,null,"../x"')).toEqual({ problem: 'resource 2: a patient that is not a FHIR id' });
    expect(one('"Patient","p1",2,null,7')).toEqual({ problem: 'resource 2: a patient that is not a FHIR id' });
    expect(one('"Patient","p2",2,null,"p1"')).toEqual({ problem: 'resource 2: a resource that is not the one its key names' });
    expect(one('"Condition","p1",2,null,"p1"')).toEqual({ problem: 'resource 2: a resource that is not the one its key names' });
    expect(one('"Patient","p1",2,null,"p1"', '"text"')).toEqual({ problem: 'resource 2: a resource that is not the one its key names' });
    expect(read(`[["Patient","p1",2,"2025-06-01T08:00:00Z","p1",${patientText}],["Patient","p2",1,null,null,{"resourceType": "Patient", "id": "p2"}]]`)).toMatchObject({ rows: { count: 2 } });
    expect(read('[]')).toMatchObject({ rows: { count: 0 } });
  });
});
