import type { Patient, Resource } from '@medplum/fhirtypes';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makePatient } from '../../test/fixtures/workstation/patients.js';
import { makeTempDir } from '../../test/fixtures/workstation/temp-dir.js';
import { largeRecord } from '../chart/fixtures/large-record.js';
import { generateDatabaseKey, type DatabaseKey } from '../keys/database-key.js';
import { StoreChart } from '../services/store/chart.js';
import { patientSummary } from '../services/store/patient-resource.js';
import { LocalStore } from './local-store.js';

/**
 * A kept record is patched, not read again, after a write made through this connection: after any
 * sequence of writes (pages from Central, local edits, tombstones, removals, moves between
 * patients, a resource coming back after its deletion, writes rolled back, reads inside a
 * transaction) it must be exactly what a fresh read gives: the same resources in the same order,
 * the same directory, the same chart. The fresh read is another connection to the same file, whose
 * kept records every commit here drops (data_version).
 */

let dir: ReturnType<typeof makeTempDir>;
let key: DatabaseKey;
let store: LocalStore;
let fresh: LocalStore;
beforeEach(() => {
  dir = makeTempDir();
  key = generateDatabaseKey();
  store = LocalStore.open(join(dir.path, 'store.db'), key);
  fresh = LocalStore.open(join(dir.path, 'store.db'), key);
});
afterEach(() => {
  fresh.close();
  store.close();
  dir.remove();
});

const PATIENTS = ['p1', 'p2'] as const;

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

const chartOf = (s: LocalStore, patientId: string) =>
  new StoreChart({ store: () => s, now: () => new Date('2025-06-10T08:00:00Z'), summary: (_s, p: Patient) => patientSummary(p, { local: true, asOf: null }) }).get(patientId);

function expectSameAsFreshRead(step: string): void {
  for (const patientId of PATIENTS) {
    const kept = store.resources.patientRecord(patientId);
    const read = fresh.resources.patientRecord(patientId);
    expect(kept.resources, `${step}: ${patientId}'s resources`).toEqual(read.resources);
    expect(kept.directory, `${step}: ${patientId}'s directory`).toEqual(read.directory);
    expect(chartOf(store, patientId), `${step}: ${patientId}'s chart`).toEqual(chartOf(fresh, patientId));
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

/** One random write, as sync or an edit here would make it. */
function randomWrite(rnd: () => number, n: number, pool: readonly Resource[]): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const keys = knownKeys().filter((k) => !k.startsWith('Patient/'));
  const [type, id] = pick(keys).split('/') as [string, string];
  const stored = store.resources.get(type as Resource['resourceType'], id);
  const sameType = pool.filter((r) => r.resourceType === type);
  const patientId = pick(PATIENTS);
  const write = (resource: Resource, how: 'page' | 'local') => {
    if (how === 'page') store.applyPage([resource], `cursor-${n}`);
    else store.resources.writeLocal(resource);
  };
  switch (Math.floor(rnd() * 9)) {
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

describe('a kept record patched after writes through this connection', () => {
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

  for (const seed of [1, 2, 3, 4]) {
    it(`is what a fresh read gives after random writes (seed ${seed})`, () => {
      const { resources } = largeRecord('p1', 160, seed);
      store.resources.upsertMany([...resources, makePatient({ id: 'p2', family: 'Жук', given: 'Анна', birthDate: '1990-01-02', gender: 'female' })].map((r) => ({ ...r, meta: { versionId: '1' } })));
      const rnd = random(seed);
      expectSameAsFreshRead('start');
      for (let n = 0; n < 60; n++) {
        const step = randomWrite(rnd, n, resources.filter((r) => r.resourceType !== 'Patient' && r.resourceType !== 'Organization' && r.resourceType !== 'Practitioner'));
        // Sometimes several writes before the next opening.
        if (rnd() < 0.7) expectSameAsFreshRead(`step ${n}: ${step}`);
      }
      expectSameAsFreshRead('end');
    });
  }
});
