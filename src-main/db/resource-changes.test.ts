import type { Condition, Organization } from '@medplum/fhirtypes';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makePatient } from '../../test/fixtures/workstation/patients.js';
import { makeTempDir } from '../../test/fixtures/workstation/temp-dir.js';
import { generateDatabaseKey, type DatabaseKey } from '../keys/database-key.js';
import { LocalStore } from './local-store.js';
import { openEncryptedDatabase, type SqliteDatabase } from './open.js';

/**
 * The change log of migration 4 (resource_change), which the kept records follow: every write the
 * repository makes, from any connection, is logged under the patient holding the resource after it
 * (none for a tombstone, a forgotten resource, the directory), a patient removed whole as one row,
 * in the write's transaction; pruning keeps at least the last 8,192.
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
/** What was logged since the last call, in order ('-' for no patient, '*' for the whole record). */
function logged(): string[] {
  const rows = sql
    .prepare<[number], { seq: number; e: string }>("SELECT seq, iif(patient_id = '', '-', patient_id) || ' ' || iif(type = '', '*', type || '/' || id) AS e FROM resource_change WHERE seq > ? ORDER BY seq")
    .all(seen);
  seen = rows.at(-1)?.seq ?? seen;
  return rows.map((r) => r.e);
}

describe('the change log of the replica', () => {
  it('logs a write under the patient holding the resource after it: a move under the new one, a tombstone and a forgotten resource under none', () => {
    store.applyPage([condition('c1', 2, 'p2')], 'cursor-1');
    expect(logged()).toEqual(['p2 Condition/c1']);
    store.resources.tombstone({ resourceType: 'Condition', id: 'c1', versionId: 3 });
    expect(logged()).toEqual(['- Condition/c1']);
    store.resources.writeLocal(condition('c2', 0, 'p1'));
    expect(logged()).toEqual(['p1 Condition/c2']);
    store.resources.remove('Condition', 'c2');
    expect(logged()).toEqual(['- Condition/c2']);
    store.resources.upsertMany([{ ...organization('org-1'), meta: { versionId: '2' } }]);
    expect(logged()).toEqual(['- Organization/org-1']);
  });

  it('logs a patient removed whole as one row, and nothing for a write that changed nothing (an older version)', () => {
    store.resources.removePatient('p1');
    expect(logged()).toEqual(['p1 *']);
    store.resources.upsertMany([patient('p2')]);
    expect(logged()).toEqual([]);
  });

  it('logs the writes of another connection, in the order committed', () => {
    const other = LocalStore.open(join(dir.path, 'store.db'), key);
    try {
      other.applyPage([condition('c1', 2, 'p1')], 'cursor-1');
      store.resources.writeLocal(condition('c3', 0, 'p2'));
      expect(logged()).toEqual(['p1 Condition/c1', 'p2 Condition/c3']);
    } finally {
      other.close();
    }
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
      store.resources.upsertMany(Array.from({ length: 7001 }, (_, i) => condition(`b${round}-${i}`, 1, 'p1')));
      const { first, last, count } = sql.prepare<[], { first: number; last: number; count: number }>('SELECT min(seq) AS first, max(seq) AS last, count(*) AS count FROM resource_change').get()!;
      expect(count).toBe(last - first + 1);
      expect(last - first + 1).toBeGreaterThanOrEqual(Math.min(last, 8192));
      expect(count).toBeLessThan(8192 + 4096);
    }
  });
});
