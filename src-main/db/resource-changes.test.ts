import type { Condition, Organization } from '@medplum/fhirtypes';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makePatient } from '../../test/fixtures/workstation/patients.js';
import { makeTempDir } from '../../test/fixtures/workstation/temp-dir.js';
import { generateDatabaseKey, type DatabaseKey } from '../keys/database-key.js';
import { LocalStore } from './local-store.js';
import { openEncryptedDatabase, type SqliteDatabase } from './open.js';

/**
 * The change log of migration 4 (resource_change), which the kept records follow: every arrival in,
 * change in and departure from a patient's compartment is logged under that patient, whoever wrote
 * it and however (the repository, plain SQL, REPLACE), and pruning keeps at least the last 8,192.
 */

let dir: ReturnType<typeof makeTempDir>;
let key: DatabaseKey;
let store: LocalStore;
let sql: SqliteDatabase;
beforeEach(() => {
  dir = makeTempDir();
  key = generateDatabaseKey();
  store = LocalStore.open(join(dir.path, 'store.db'), key);
  sql = openEncryptedDatabase(join(dir.path, 'store.db'), key);
  store.resources.upsertMany([patient('p1'), patient('p2'), condition('c1', 1, 'p1'), organization('org-1')]);
  seen = sql.prepare<[], number>('SELECT max(seq) FROM resource_change').pluck().get()!;
});
afterEach(() => {
  sql.close();
  store.close();
  dir.remove();
});

const patient = (id: string) => makePatient({ id, family: 'Иванов', given: 'Иван', birthDate: '1980-02-03', gender: 'male' });
const condition = (id: string, versionId: number, patientId: string): Condition => ({
  resourceType: 'Condition',
  id,
  meta: { versionId: String(versionId) },
  subject: { reference: `Patient/${patientId}` },
  code: { text: 'Гипертензия' },
});
const organization = (id: string): Organization => ({ resourceType: 'Organization', id, meta: { versionId: '1' }, name: 'Поликлиника' });

let seen = 0;
/** What was logged since the last call, sorted (two triggers of one statement log in no set order). */
function logged(): string[] {
  const rows = sql.prepare<[number], { seq: number; e: string }>("SELECT seq, patient_id || ' ' || type || '/' || id AS e FROM resource_change WHERE seq > ? ORDER BY seq").all(seen);
  seen = rows.at(-1)?.seq ?? seen;
  return rows.map((r) => r.e).sort();
}

describe('the change log of patients’ compartments', () => {
  it('logs a move under the patient left and the one joined, a tombstone and a removal under the patient left', () => {
    store.applyPage([condition('c1', 2, 'p2')], 'cursor-1');
    expect(logged()).toEqual(['p1 Condition/c1', 'p2 Condition/c1']);
    store.resources.tombstone({ resourceType: 'Condition', id: 'c1', versionId: 3 });
    expect(logged()).toEqual(['p2 Condition/c1']);
    store.resources.writeLocal(condition('c2', 0, 'p1'));
    expect(logged()).toEqual(['p1 Condition/c2']);
    store.resources.remove('Condition', 'c2');
    expect(logged()).toEqual(['p1 Condition/c2']);
  });

  it('logs plain SQL from any connection, REPLACE included, and nothing for resources of no patient', () => {
    sql.prepare("UPDATE resources SET content = json_set(content, '$.code.text', 'I10') WHERE id = 'c1'").run();
    expect(logged()).toEqual(['p1 Condition/c1']);
    sql.prepare("INSERT OR REPLACE INTO resources (type, id, version_id, last_updated, deleted, patient_id, content) SELECT type, id, 9, last_updated, 0, 'p2', content FROM resources WHERE id = 'c1'").run();
    expect(logged()).toEqual(['p1 Condition/c1', 'p2 Condition/c1']);
    store.resources.upsertMany([{ ...organization('org-1'), meta: { versionId: '2' } }]);
    expect(logged()).toEqual([]);
    sql.prepare("DELETE FROM resources WHERE type = 'Patient' AND id = 'p2'").run();
    expect(logged()).toEqual(['p2 Patient/p2']);
  });

  it('rolls its rows back with the write', () => {
    expect(() =>
      store.transaction(() => {
        store.resources.writeLocal(condition('c2', 0, 'p1'));
        throw new Error('undo');
      }),
    ).toThrow('undo');
    expect(logged()).toEqual([]);
  });

  it('keeps at least the last 8,192 changes however many there were', () => {
    for (const round of [0, 1, 2]) {
      sql.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 7001)
        INSERT INTO resources (type, id, version_id, last_updated, deleted, patient_id, content)
        SELECT 'Basic', 'b${round}-' || i, 1, '2025-06-02T08:00:00Z', 0, 'p1', json_object('resourceType', 'Basic') FROM n`);
      const { first, last, count } = sql.prepare<[], { first: number; last: number; count: number }>('SELECT min(seq) AS first, max(seq) AS last, count(*) AS count FROM resource_change').get()!;
      expect(count).toBe(last - first + 1);
      expect(last - first + 1).toBeGreaterThanOrEqual(Math.min(last, 8192));
      expect(count).toBeLessThan(8192 + 4096);
    }
  });
});
