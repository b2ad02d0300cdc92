import type { Organization, Patient, Resource } from '@medplum/fhirtypes';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makePatient } from '../../test/fixtures/workstation/patients.js';
import { makeTempDir } from '../../test/fixtures/workstation/temp-dir.js';
import { CHART_RECORD_PART_FORMAT } from '../chart/assemble.js';
import { largeRecord } from '../chart/sample-records/large-record.js';
import { generateDatabaseKey, type DatabaseKey } from '../keys/database-key.js';
import { buildChartPart } from '../services/store/chart-parts.js';
import { LocalStore } from './local-store.js';
import { openEncryptedDatabase, type SqliteDatabase } from './open.js';

/**
 * A kept chart part is used only while it is what the record gives: every way the record or the
 * directory it names can change empties it or makes it differ, through this connection or another
 * (the sync child, the headless host), and a part built from a read older than a change is not kept.
 */

const NOW = new Date('2025-06-10T08:00:00Z');
let dir: ReturnType<typeof makeTempDir>;
let key: DatabaseKey;
let store: LocalStore;
let other: LocalStore;
let sql: SqliteDatabase;
beforeEach(() => {
  dir = makeTempDir();
  key = generateDatabaseKey();
  store = LocalStore.open(join(dir.path, 'store.db'), key);
  other = LocalStore.open(join(dir.path, 'store.db'), key);
  sql = openEncryptedDatabase(join(dir.path, 'store.db'), key);
  const p2 = makePatient({ id: 'p2', family: 'Жук', given: 'Анна', birthDate: '1990-01-02', gender: 'female' });
  store.resources.upsertMany([...largeRecord('p1', 120).resources, p2].map((r) => ({ ...r, meta: { versionId: '1' } }) as Resource));
});
afterEach(() => {
  sql.close();
  other.close();
  store.close();
  dir.remove();
});

const current = (s: LocalStore, patientId = 'p1') => s.chartParts.current(patientId, CHART_RECORD_PART_FORMAT) !== undefined;
const keep = (patientId = 'p1') => expect(buildChartPart(store, patientId, NOW).kept).toBe(true);
const storedContent = (patientId = 'p1') => (sql.prepare('SELECT content FROM chart_part WHERE patient_id = ?').pluck().get(patientId) as string | null | undefined) ?? null;
const first = (type: string): Resource => store.resources.patientRecord('p1').resources.find((r) => r.resourceType === type)!;
const newer = <T extends Resource>(resource: T, changes: Partial<T> = {}): T => ({ ...resource, ...changes, meta: { versionId: String(Number(resource.meta?.versionId ?? 0) + 1) } });

describe('a kept chart part', () => {
  it('is used after writes that do not touch the record: another patient, the record clustered, VACUUM', () => {
    keep();
    expect(current(store)).toBe(true);
    expect(current(other)).toBe(true);
    store.applyPage([newer(store.resources.get<Patient>('Patient', 'p2')!, { gender: 'male' })], 'c1');
    store.resources.clusterRecord('p1');
    sql.exec('VACUUM');
    expect(current(store)).toBe(true);
  });

  it('is not used in another format', () => {
    keep();
    expect(store.chartParts.current('p1', CHART_RECORD_PART_FORMAT + 1)).toBeUndefined();
  });

  const changes: [string, () => void][] = [
    ['a page changed one of its resources', () => store.applyPage([newer(first('Condition'), { recordedDate: '2001-01-01' })], 'c1')],
    ['a local edit', () => store.resources.writeLocal({ ...first('Encounter'), status: 'cancelled' } as Resource)],
    ['a resource added to it', () => store.resources.writeLocal({ ...first('Condition'), id: 'added' } as Resource)],
    ['another connection changed one of its resources', () => other.applyPage([newer(first('Condition'), { recordedDate: '2001-01-01' })], 'c1')],
    ['its Patient changed', () => store.applyPage([newer(store.resources.get<Patient>('Patient', 'p1')!, { gender: 'female' })], 'c1')],
  ];
  for (const [what, change] of changes) {
    it(`is emptied when ${what}`, () => {
      keep();
      change();
      expect(current(store)).toBe(false);
      expect(current(other)).toBe(false);
      expect(storedContent()).toBeNull();
    });
  }

  it('is emptied, with nothing of the deleted resource left in it, when one of its resources is deleted (tombstone) or forgotten', () => {
    keep();
    const condition = first('Condition');
    expect(storedContent()).not.toBeNull();
    store.resources.tombstone({ resourceType: 'Condition', id: condition.id!, versionId: 2 });
    expect(current(store)).toBe(false);
    expect(storedContent()).toBeNull();
    keep();
    other.resources.remove('Observation', first('Observation').id!);
    expect(current(store)).toBe(false);
    expect(storedContent()).toBeNull();
  });

  it('is not used once a newer version moved one of its resources to another patient (its rows differ)', () => {
    keep();
    const observation = first('Observation');
    store.applyPage([newer(observation, { subject: { reference: 'Patient/p2' } } as Partial<Resource>)], 'c1');
    expect(current(store)).toBe(false);
    expect(current(store, 'p2')).toBe(false);
  });

  it('is emptied for every patient when a directory entry they may name changes', () => {
    keep();
    const organization = store.resources.get<Organization>('Organization', 'org-state')!;
    other.applyPage([newer(organization, { name: 'Поликлиника № 9' })], 'c1');
    expect(current(store)).toBe(false);
    expect(storedContent()).toBeNull();
  });

  it('goes with the patient who leaves the scope', () => {
    keep();
    store.resources.removePatient('p1');
    expect(sql.prepare('SELECT count(*) FROM chart_part').pluck().get()).toBe(0);
  });
});

describe('keeping a part', () => {
  const part = (head: number) => ({ patientId: 'p1', format: CHART_RECORD_PART_FORMAT, rows: store.chartParts.rowsOf('p1'), head, content: '{}', builtAt: NOW.toISOString() });
  const head = () => store.resources.recordAtPosition('p1').head;

  it('is refused when the record changed after the read it was built from', () => {
    const readAt = head();
    other.resources.writeLocal({ ...first('Condition'), recordedDate: '2001-01-01' } as Resource);
    expect(store.chartParts.keep(part(readAt))).toBe(false);
    expect(current(store)).toBe(false);
  });

  it('is refused when a directory entry changed after the read', () => {
    const readAt = head();
    const organization = store.resources.get<Organization>('Organization', 'org-lab')!;
    store.applyPage([newer(organization, { name: 'Лаборатория № 2' })], 'c1');
    expect(store.chartParts.keep(part(readAt))).toBe(false);
  });

  it('is refused when the change log no longer reaches back to the read', () => {
    const readAt = head();
    store.transaction(() => {
      const churn = Array.from({ length: 5000 }, (_, i) => ({ resourceType: 'Basic', id: `churn-${i}`, meta: { versionId: '1' }, subject: { reference: 'Patient/p2' } }) as Resource);
      store.resources.upsertMany(churn);
    });
    expect(store.chartParts.keep(part(readAt))).toBe(false);
  });

  it('goes ahead when only other patients changed since the read', () => {
    const readAt = head();
    store.applyPage([newer(store.resources.get<Patient>('Patient', 'p2')!, { gender: 'male' })], 'c1');
    expect(store.chartParts.keep(part(readAt))).toBe(true);
    expect(current(store)).toBe(true);
  });
});

describe('the parts wanted by the upkeep', () => {
  it('are the emptied ones, and with a look over the index the outdated ones and the large records with none', () => {
    expect(store.chartParts.wanted(CHART_RECORD_PART_FORMAT, 10)).toEqual([]);
    expect(store.chartParts.wanted(CHART_RECORD_PART_FORMAT, 10, 100)).toEqual(['p1']);
    expect(store.chartParts.wanted(CHART_RECORD_PART_FORMAT, 10, 1000)).toEqual([]);
    keep();
    expect(store.chartParts.wanted(CHART_RECORD_PART_FORMAT, 10, 100)).toEqual([]);
    store.resources.writeLocal({ ...first('Condition'), recordedDate: '2001-01-01' } as Resource);
    expect(store.chartParts.wanted(CHART_RECORD_PART_FORMAT, 10)).toEqual(['p1']);
    keep();
    // Another format, or the rows differing, only at the look over the index.
    expect(store.chartParts.wanted(CHART_RECORD_PART_FORMAT + 1, 10)).toEqual([]);
    expect(store.chartParts.wanted(CHART_RECORD_PART_FORMAT + 1, 10, 1000)).toEqual(['p1']);
    store.applyPage([newer(first('Observation'), { subject: { reference: 'Patient/p2' } } as Partial<Resource>)], 'c1');
    expect(store.chartParts.wanted(CHART_RECORD_PART_FORMAT, 10)).toEqual([]);
    expect(store.chartParts.wanted(CHART_RECORD_PART_FORMAT, 10, 1000)).toEqual(['p1']);
  });

  it('are not kept for a record with a change waiting to be sent, and a patient no longer here loses the row', () => {
    const condition = { ...first('Condition'), recordedDate: '2001-01-01' } as Resource;
    store.transaction(() => {
      store.resources.writeLocal(condition);
      store.outbox.enqueue('update', { resource: condition });
    });
    expect(buildChartPart(store, 'p1', NOW).kept).toBe(false);
    expect(current(store)).toBe(false);
    store.outbox.markStatus(store.outbox.pending().map((m) => m.mutationId), 'applied');
    keep();
    sql.prepare("DELETE FROM resources WHERE patient_id = 'p1'").run();
    expect(buildChartPart(store, 'p1', NOW)).toEqual({ kept: false, rows: 0 });
    expect(sql.prepare('SELECT count(*) FROM chart_part').pluck().get()).toBe(0);
  });
});
