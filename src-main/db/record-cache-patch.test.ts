import type { Organization, Patient, Resource } from '@medplum/fhirtypes';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makePatient } from '../../test/fixtures/workstation/patients.js';
import { makeTempDir } from '../../test/fixtures/workstation/temp-dir.js';
import { largeRecord } from '../chart/sample-records/large-record.js';
import { generateDatabaseKey, type DatabaseKey } from '../keys/database-key.js';
import { openEncryptedDatabase, type SqliteDatabase } from './open.js';
import { assembleChart, CHART_RECORD_PART_FORMAT } from '../chart/assemble.js';
import { StoreChart } from '../services/store/chart.js';
import { buildChartPart, withDirectory } from '../services/store/chart-parts.js';
import { patientSummary } from '../services/store/patient-resource.js';
import { LocalStore } from './local-store.js';
import { pageRows } from '../../test/fixtures/workstation/resource-rows.js';

/**
 * A kept record is patched, not read again, after a write made through this connection or any
 * other: after any sequence of writes (pages from Central, local edits, tombstones, removals of a
 * resource or a whole patient, moves between patients, a resource coming back after its deletion
 * or taking a deleted row's rowid, a record's rows clustered on new rowids, writes rolled back, reads inside a transaction, another
 * connection writing, VACUUM, more changes than the log
 * keeps) it must be exactly what a fresh read gives: the same resources in the same order, the
 * same directory, the same chart. The fresh read is a connection opened for it, with nothing kept,
 * its chart assembled from the record. Chart parts kept by the upkeep (db/chart-parts.ts) are built
 * now and then by either connection: a chart opened from one must be that same chart too.
 */

let dir: ReturnType<typeof makeTempDir>;
let key: DatabaseKey;
let store: LocalStore;
/** Another connection to the same file, as the sync child or the headless host would hold. */
let other: LocalStore;
let otherSql: SqliteDatabase;
beforeEach(() => {
  dir = makeTempDir();
  key = generateDatabaseKey();
  store = LocalStore.open(join(dir.path, 'store.db'), key);
  other = LocalStore.open(join(dir.path, 'store.db'), key);
  otherSql = openEncryptedDatabase(join(dir.path, 'store.db'), key);
});
afterEach(() => {
  otherSql.close();
  other.close();
  store.close();
  dir.remove();
});

const PATIENTS = ['p1', 'p2', 'p3'] as const;

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

const NOW = new Date('2025-06-10T08:00:00Z');
const chartOf = (s: LocalStore, patientId: string) =>
  new StoreChart({ store: () => s, now: () => NOW, summary: (_s, p: Patient) => patientSummary(p, { local: true, asOf: null }) }).get(patientId);

/** The chart assembled from the record as read, never from a kept part. */
function chartFromRecord(s: LocalStore, patientId: string) {
  const patient = s.resources.get<Patient>('Patient', patientId);
  if (!patient) return null;
  const resources = withDirectory(s, s.resources.patientRecord(patientId));
  return assembleChart(resources, { today: '2025-06-10', syncedAt: null, patientSummary: patientSummary(patient, { local: true, asOf: null }), pending: s.pendingResources.keys() });
}

/** How many charts were checked while opened from a kept part: the random runs must reach that path. */
let openedFromParts = 0;

/** Both connections that keep records (this one and the other writer) against a connection opened for the check. */
function expectSameAsFreshRead(step: string): void {
  const fresh = LocalStore.open(join(dir.path, 'store.db'), key);
  try {
    for (const patientId of PATIENTS) {
      const read = fresh.resources.patientRecord(patientId);
      const chart = chartFromRecord(fresh, patientId);
      for (const [name, reader] of [['this connection', store], ['the other connection', other]] as const) {
        if (reader.chartParts.current(patientId, CHART_RECORD_PART_FORMAT) !== undefined) openedFromParts++;
        const kept = reader.resources.patientRecord(patientId);
        expect(kept.resources, `${step}: ${patientId}'s resources kept by ${name}`).toEqual(read.resources);
        expect(kept.directory, `${step}: ${patientId}'s directory kept by ${name}`).toEqual(read.directory);
        expect(chartOf(reader, patientId), `${step}: ${patientId}'s chart kept by ${name}`).toEqual(chart);
      }
    }
  } finally {
    fresh.close();
  }
}

/** Every resource of the two patients, stored or deleted, by "Type/id". */
function knownKeys(): string[] {
  const keys: string[] = [];
  for (const rows of store.resources.rawRows(1000)) for (const row of rows) if (row.type !== 'Organization' && row.type !== 'Practitioner') keys.push(`${row.type}/${row.id}`);
  return keys;
}

function nextVersion(type: string, id: string): string {
  return String((store.resources.versionOf(type, id) ?? 0) + 1);
}

function retarget(resource: Resource, patientId: string): Resource {
  const r = structuredClone(resource) as unknown as Record<string, unknown>;
  for (const field of ['subject', 'patient']) if (field in r) r[field] = { reference: `Patient/${patientId}` };
  return r as unknown as Resource;
}

/** One random write, as sync or an edit would make it, through this connection or the other one. */
function randomWrite(rnd: () => number, n: number, pool: readonly Resource[]): string {
  const writer = rnd() < 0.5 ? store : other;
  const by = writer === store ? 'here' : 'by the other connection';
  return `${randomWriteThrough(writer, rnd, n, pool)} ${by}`;
}

function randomWriteThrough(store: LocalStore, rnd: () => number, n: number, pool: readonly Resource[]): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const keys = knownKeys().filter((k) => !k.startsWith('Patient/'));
  const [type, id] = pick(keys).split('/') as [string, string];
  const stored = store.resources.get(type as Resource['resourceType'], id);
  const sameType = pool.filter((r) => r.resourceType === type);
  const patientId = pick(PATIENTS);
  const write = (resource: Resource, how: 'page' | 'local') => {
    // A page of sync brings a resource parsed (JSON layout) or as a row SQLite reads (rows layout).
    if (how === 'page' && n % 2 === 0) store.applyPage([], `cursor-${n}`, [], pageRows(store, [resource]));
    else if (how === 'page') store.applyPage([resource], `cursor-${n}`);
    else store.resources.writeLocal(resource);
  };
  switch (Math.floor(rnd() * 17)) {
    case 0: {
      // Another resource's content under this identity: dates, codes and encounter change.
      const content = { ...structuredClone(pick(sameType)), id, meta: { versionId: nextVersion(type, id), lastUpdated: '2025-06-02T08:00:00Z' } };
      write(retarget(content as Resource, stored ? patientIdOfStored(stored) : patientId), rnd() < 0.5 ? 'page' : 'local');
      return `replace ${type}/${id}`;
    }
    case 1: {
      const added = { ...structuredClone(pick(pool)), id: `new-${n}`, meta: { versionId: '1', lastUpdated: '2025-06-02T08:00:00Z' } } as Resource;
      write(retarget(added, patientId), rnd() < 0.5 ? 'page' : 'local');
      return `add ${added.resourceType}/new-${n} to ${patientId}`;
    }
    case 2:
      store.applyPage([], `cursor-${n}`, [{ resourceType: type, id, versionId: Number(nextVersion(type, id)) }]);
      return `tombstone ${type}/${id}`;
    case 3:
      store.resources.remove(type, id);
      return `remove ${type}/${id}`;
    case 4: {
      // Moves to another patient, or comes back (with its old rowid) after a tombstone.
      const base = stored ?? pick(sameType);
      write(retarget({ ...structuredClone(base), id, meta: { versionId: nextVersion(type, id) } } as Resource, patientId), 'page');
      return `${stored ? 'move' : 'revive'} ${type}/${id} to ${patientId}`;
    }
    case 5: {
      // A new directory reference (a practitioner the store does not hold, or one it does).
      if (!stored) return 'nothing';
      const practitioner = rnd() < 0.5 ? 'pr-1' : `pr-new-${n}`;
      const edited = { ...structuredClone(stored), meta: { versionId: nextVersion(type, id) } } as Record<string, unknown>;
      edited[type === 'Encounter' ? 'serviceProvider' : 'recorder'] = { reference: `${type === 'Encounter' ? 'Organization/org-private' : `Practitioner/${practitioner}`}` };
      write(edited as unknown as Resource, 'local');
      return `reference from ${type}/${id}`;
    }
    case 6:
      expect(() =>
        store.transaction(() => {
          store.resources.writeLocal(retarget({ ...structuredClone(pick(pool)), id: `rolled-back-${n}` } as Resource, patientId));
          store.resources.tombstone({ resourceType: type, id, versionId: Number(nextVersion(type, id)) });
          store.resources.patientRecord(patientId);
          throw new Error('undo');
        }),
      ).toThrow('undo');
      return `rolled back around ${type}/${id}`;
    case 7:
      store.transaction(() => {
        store.resources.writeLocal(retarget({ ...structuredClone(pick(pool)), id: `in-transaction-${n}` } as Resource, patientId));
        // Read inside the transaction: sees the write, keeps nothing.
        expect(store.resources.patientRecord(patientId).resources.some((r) => r.id === `in-transaction-${n}`)).toBe(true);
      });
      return `written and read in a transaction for ${patientId}`;
    case 8: {
      // A local edit that moves the resource to another patient, its version kept.
      if (!stored) return 'nothing';
      store.resources.writeLocal(retarget(stored, patientId));
      return `moved ${type}/${id} to ${patientId} locally`;
    }
    case 9:
      // Rowids may be renumbered (tables without an INTEGER PRIMARY KEY).
      otherSql.exec('VACUUM');
      return 'VACUUM';
    case 10: {
      // A change to the record, then more changes than the log keeps (another patient's, pruning the
      // log past it): the kept records must be read again whole, not patched from what is left.
      if (!stored) return 'nothing';
      store.resources.writeLocal({ ...structuredClone(stored), meta: { ...stored.meta, source: `before-churn-${n}` } } as Resource);
      store.transaction(() => {
        const churn = Array.from({ length: 5000 }, (_, i) => ({ resourceType: 'Basic', id: `churn-${i}`, meta: { versionId: '1' }, subject: { reference: 'Patient/p3' }, code: { text: 'churn' } }) as Resource);
        store.resources.upsertMany(churn);
        for (const resource of churn) store.resources.remove('Basic', resource.id!);
      });
      return `${type}/${id} changed, then 10,000 changes to p3`;
    }
    case 11: {
      // The patient leaves the scope and comes back (sync).
      const leaving = pick(PATIENTS);
      const record = store.resources.patientRecord(leaving).resources;
      store.resources.removePatient(leaving);
      store.applyPage([...record].reverse().map((r) => ({ ...structuredClone(r), meta: { versionId: '1' } }) as Resource), `cursor-${n}`);
      return `${leaving} removed and back (rowids anew)`;
    }
    case 12: {
      // Forgotten and written again for another patient at once: a new rowid in another record.
      if (!stored) return 'nothing';
      const to = PATIENTS.find((p) => p !== patientIdOfStored(stored)) ?? patientId;
      store.transaction(() => {
        store.resources.remove(type, id);
        store.resources.writeLocal(retarget(stored, to));
      });
      return `${type}/${id} forgotten and written for ${to}`;
    }
    case 13: {
      // Upkeep writes the patient's rows again, unchanged, on new consecutive rowids (record-clustering.ts).
      const clustered = pick(PATIENTS);
      store.resources.clusterRecord(clustered);
      return `${clustered}'s rows clustered (rowids anew)`;
    }
    case 14: {
      // The upkeep keeps every patient's chart part as the record is now (this writer's connection).
      const kept = PATIENTS.filter((p) => buildChartPart(store, p, NOW).kept);
      return `chart parts kept for ${kept.join(', ') || 'nobody'}`;
    }
    case 15: {
      // A directory entry renamed: every chart naming it changes.
      const organization = store.resources.get<Organization>('Organization', 'org-state');
      if (!organization) return 'nothing';
      store.applyPage([{ ...organization, name: `Поликлиника ${n}`, meta: { versionId: nextVersion('Organization', 'org-state') } }], `cursor-${n}`);
      return `org-state renamed`;
    }
    default: {
      // A page of several writes at once.
      const page = [0, 1, 2].map((i) => retarget({ ...structuredClone(pick(pool)), id: `page-${n}-${i}`, meta: { versionId: '1' } } as Resource, pick(PATIENTS)));
      store.applyPage(page, `cursor-${n}`);
      return `page of 3`;
    }
  }
}

function patientIdOfStored(resource: Resource): string {
  const r = resource as unknown as { subject?: { reference?: string }; patient?: { reference?: string } };
  return (r.subject ?? r.patient)?.reference?.slice('Patient/'.length) ?? 'p1';
}

describe('a kept record patched after writes through this connection or another', () => {
  it('keeps the resources nobody wrote as the same objects, and re-reads only the one written', () => {
    const { resources } = largeRecord('p1', 120);
    store.resources.upsertMany(resources.map((r) => ({ ...r, meta: { versionId: '1' } })));
    const before = store.resources.patientRecord('p1');
    const condition = before.resources.find((r) => r.resourceType === 'Condition')!;
    store.applyPage([{ ...condition, meta: { versionId: '2' }, recordedDate: '2001-01-01' } as Resource], 'cursor');
    const after = store.resources.patientRecord('p1');
    expect(after).not.toBe(before);
    expect(after.resources).toHaveLength(before.resources.length);
    for (const [i, resource] of after.resources.entries()) {
      if (resource.id === condition.id) expect(resource).toMatchObject({ recordedDate: '2001-01-01' });
      else expect(resource).toBe(before.resources[i]);
    }
    expect(Object.isFrozen(after.resources)).toBe(true);
    expectSameAsFreshRead('one condition edited');
  });

  it('re-reads only what another connection committed (the sync child, the headless host), keeping the rest', () => {
    const { resources } = largeRecord('p1', 120);
    store.resources.upsertMany(resources.map((r) => ({ ...r, meta: { versionId: '1' } })));
    const before = store.resources.patientRecord('p1');
    const [first, second] = before.resources.filter((r) => r.resourceType === 'Condition');
    other.applyPage([{ ...first!, meta: { versionId: '2' }, recordedDate: '2001-01-01' } as Resource], 'cursor', [{ resourceType: 'Condition', id: second!.id!, versionId: 2 }]);
    const after = store.resources.patientRecord('p1');
    expect(after.resources).toHaveLength(before.resources.length - 1);
    for (const resource of after.resources) {
      if (resource.id === first!.id) expect(resource).toMatchObject({ recordedDate: '2001-01-01' });
      else expect(resource).toBe(before.resources.find((r) => r.resourceType === resource.resourceType && r.id === resource.id));
    }
    expectSameAsFreshRead('one condition edited and one deleted by the other connection');
  });

  it('holds nothing of a patient another connection removed whole (left the scope)', () => {
    const { resources } = largeRecord('p1', 40);
    store.resources.upsertMany(resources.map((r) => ({ ...r, meta: { versionId: '1' } })));
    expect(store.resources.patientRecord('p1').resources.length).toBeGreaterThan(0);
    other.resources.removePatient('p1');
    expect(store.resources.patientRecord('p1').resources).toEqual([]);
  });

  for (const seed of [1, 2, 3, 4]) {
    it(`is what a fresh read gives after random writes (seed ${seed})`, () => {
      const { resources } = largeRecord('p1', 160, seed);
      const others = ['p2', 'p3'].map((id) => makePatient({ id, family: 'Жук', given: 'Анна', birthDate: '1990-01-02', gender: 'female' }));
      store.resources.upsertMany([...resources, ...others].map((r) => ({ ...r, meta: { versionId: '1' } })));
      const rnd = random(seed);
      expectSameAsFreshRead('start');
      for (let n = 0; n < 60; n++) {
        const step = randomWrite(rnd, n, resources.filter((r) => r.resourceType !== 'Patient' && r.resourceType !== 'Organization' && r.resourceType !== 'Practitioner'));
        // Sometimes several writes before the next opening.
        if (rnd() < 0.7) expectSameAsFreshRead(`step ${n}: ${step}`);
      }
      expectSameAsFreshRead('end');
      // Sixty writes, each compared with a fresh read and a chart assembled from it: seconds of
      // CPU on a slow machine, and never a measure of speed.
    }, 60_000);
  }

  it('reached charts opened from kept parts in the random runs above', () => {
    expect(openedFromParts).toBeGreaterThan(20);
  });
});
