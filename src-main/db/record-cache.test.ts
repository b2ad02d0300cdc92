import type { Condition, Resource } from '@medplum/fhirtypes';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makePatient } from '../../test/fixtures/workstation/patients.js';
import { makeTempDir } from '../../test/fixtures/workstation/temp-dir.js';
import { generateDatabaseKey, type DatabaseKey } from '../keys/database-key.js';
import { LocalStore } from './local-store.js';

let dir: ReturnType<typeof makeTempDir>;
let key: DatabaseKey;
let store: LocalStore;
beforeEach(() => {
  dir = makeTempDir();
  key = generateDatabaseKey();
  store = LocalStore.open(join(dir.path, 'store.db'), key);
  store.resources.upsertMany([patient('p1', 1), patient('p2', 1), condition('c1', 1, 'J06.9', 'p1'), condition('c2', 1, 'I10', 'p1')]);
});
afterEach(() => {
  store.close();
  dir.remove();
});

const patient = (id: string, versionId: number) => makePatient({ id, family: 'Иванов', given: 'Иван', birthDate: '1980-02-03', gender: 'male', versionId });

function condition(id: string, versionId: number, code: string, patientId: string): Condition {
  return {
    resourceType: 'Condition',
    id,
    meta: { versionId: String(versionId), lastUpdated: '2025-02-01T10:00:00Z' },
    subject: { reference: `Patient/${patientId}` },
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code }] },
    recorder: { reference: 'Practitioner/pr-1' },
  };
}

const codes = (patientId: string) =>
  store.resources
    .patientRecord(patientId)
    .resources.filter((r): r is Condition => r.resourceType === 'Condition')
    .map((c) => `${c.id}:${c.code!.coding![0]!.code}`)
    .sort();

describe("a patient's record kept parsed between chart openings", () => {
  it('is the same frozen objects until something changes, with the directory entries it refers to', () => {
    const first = store.resources.patientRecord('p1');
    expect(store.resources.patientRecord('p1')).toBe(first);
    expect(first.directory).toEqual(['Practitioner/pr-1']);
    const c1 = first.resources.find((r) => r.id === 'c1') as Condition;
    expect(() => {
      c1.recorder = { reference: 'Practitioner/someone-else' };
    }).toThrow(TypeError);
    expect(() => (first.resources as Resource[]).pop()).toThrow(TypeError);
  });

  it('is read again after a pulled version, a local edit, a tombstone or a removal of one of its resources', () => {
    expect(codes('p1')).toEqual(['c1:J06.9', 'c2:I10']);
    store.applyPage([condition('c1', 2, 'J20.9', 'p1')], 'cursor-1');
    expect(codes('p1')).toEqual(['c1:J20.9', 'c2:I10']);
    store.resources.writeLocal(condition('c3', 0, 'E11', 'p1'));
    expect(codes('p1')).toEqual(['c1:J20.9', 'c2:I10', 'c3:E11']);
    store.resources.tombstone({ resourceType: 'Condition', id: 'c2', versionId: 2 });
    expect(codes('p1')).toEqual(['c1:J20.9', 'c3:E11']);
    store.resources.remove('Condition', 'c3');
    expect(codes('p1')).toEqual(['c1:J20.9']);
    store.resources.removePatient('p1');
    expect(store.resources.patientRecord('p1').resources).toEqual([]);
  });

  it('drops the record a resource moved out of, not only the one it moved into', () => {
    expect(codes('p1')).toEqual(['c1:J06.9', 'c2:I10']);
    expect(codes('p2')).toEqual([]);
    store.resources.upsertMany([condition('c2', 2, 'I10', 'p2')]);
    expect(codes('p1')).toEqual(['c1:J06.9']);
    expect(codes('p2')).toEqual(['c2:I10']);
  });

  it('does not keep a stale copy after an older version that changed nothing, or another patient changed', () => {
    const first = store.resources.patientRecord('p1');
    store.resources.upsertMany([condition('c1', 1, 'OLD', 'p1'), patient('p2', 2)]);
    expect(store.resources.patientRecord('p1')).toBe(first);
  });

  it('is read again after another connection to the same file commits a change', () => {
    expect(codes('p1')).toEqual(['c1:J06.9', 'c2:I10']);
    const other = LocalStore.open(join(dir.path, 'store.db'), key);
    try {
      other.resources.upsertMany([condition('c1', 5, 'K29.7', 'p1')]);
    } finally {
      other.close();
    }
    expect(codes('p1')).toEqual(['c1:K29.7', 'c2:I10']);
  });

  it('keeps nothing read inside a transaction that is rolled back', () => {
    expect(() =>
      store.transaction(() => {
        store.resources.upsertMany([condition('c1', 9, 'ROLLED-BACK', 'p1')]);
        expect(codes('p1')).toEqual(['c1:ROLLED-BACK', 'c2:I10']);
        throw new Error('undo');
      }),
    ).toThrow('undo');
    expect(codes('p1')).toEqual(['c1:J06.9', 'c2:I10']);
  });

  it('keeps only the last few patients', () => {
    const records = new Map<string, unknown>();
    const ids = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    store.resources.upsertMany(ids.slice(2).map((id) => patient(id, 1)) as Resource[]);
    for (const id of ids) records.set(id, store.resources.patientRecord(id));
    expect(store.resources.patientRecord('p6')).toBe(records.get('p6'));
    expect(store.resources.patientRecord('p1')).not.toBe(records.get('p1'));
  });
});
