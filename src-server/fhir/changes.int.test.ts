import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/central.js';
import type { Database, Queryable } from '../db/database.js';
import { readChanges } from './changes.js';
import { writeResources, type WriteOperation } from './write.js';

/**
 * The change feed under concurrent writers. On PostgreSQL a slow transaction writes first and
 * commits last, after many faster transactions that started later; a reader follows the cursor
 * all along. It must see every committed change exactly once. PGlite runs the same code with the
 * transactions one after another (it has one connection), which the feed must also survive.
 */
let testDb: TestDatabase;
let db: Database;
beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await testDb.open();
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

const patient = (id: string, family: string): Patient & { id: string } => ({ resourceType: 'Patient', id, name: [{ family }] });
const key = (c: { resourceType: string; id: string; versionId: string | number }) => `${c.resourceType}/${c.id}/${c.versionId}`;
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function write(q: Queryable, ops: WriteOperation[]): Promise<string[]> {
  return (await writeResources(q, ops, new Date())).map(key);
}

describe('change feed under concurrent writers', () => {
  it('a reader following the cursor sees every committed change exactly once, the slow transaction included', async () => {
    const committed: string[] = [];
    committed.push(...(await db.transaction((tx) => write(tx, [{ kind: 'update', resource: patient('shared-1', 'Base') }, { kind: 'update', resource: patient('shared-2', 'Base') }]))));

    // The reader: follows the feed in small pages until the writers are done and it has as many
    // changes as they committed, or a deadline passes (a lost change then fails the count below).
    // An empty page is no proof of the end: a transaction open anywhere on the server, another
    // test file's among them, holds the feed back until it ends.
    const seen: string[] = [];
    let stop = false;
    const reader = (async () => {
      let cursor: string | undefined;
      const deadline = Date.now() + 30_000;
      for (;;) {
        const page = await readChanges(db, cursor, 7);
        seen.push(...page.changes.map(key));
        cursor = page.nextCursor;
        if (page.changes.length === 0) {
          if (stop && (seen.length >= committed.length || Date.now() > deadline)) return;
          await tick();
        }
      }
    })();

    const slowWritten = deferred();
    const fastDone = deferred();
    let slowSeq = 0;
    let heldBack: string[] | undefined;
    let passedBySeq = 0;
    const slow = db.transaction(async (tx) => {
      const first = await write(tx, [{ kind: 'update', resource: patient('slow-1', 'Медленный') }]);
      slowSeq = Number((await tx.query<{ s: number }>('SELECT max(seq) AS s FROM change_log')).rows[0]!.s);
      slowWritten.resolve();
      // On PostgreSQL the fast writers commit while this transaction stays open; PGlite cannot
      // interleave transactions, so there it simply goes first.
      if (db.engine === 'postgres') await fastDone.promise;
      return [...first, ...(await write(tx, [{ kind: 'update', resource: patient('slow-2', 'Медленный') }]))];
    });

    await slowWritten.promise;
    const fast = async (worker: number) => {
      for (let round = 0; round < 20; round++) {
        const ops: WriteOperation[] = [{ kind: 'update', resource: patient(`w${worker}-${round}`, `Быстрый${worker}`) }];
        if (round % 5 === worker % 5) ops.push({ kind: 'update', resource: patient(`shared-${1 + (round % 2)}`, `W${worker}R${round}`) });
        committed.push(...(await db.transaction((tx) => write(tx, ops))));
      }
    };
    await Promise.all([0, 1, 2, 3].map(fast));
    if (db.engine === 'postgres') {
      // The slow transaction is still open: the feed must hold back everything committed after it started...
      heldBack = (await readChanges(db, undefined, 1000)).changes.map(key);
      // ...where a cursor on seq alone would already have moved past the slow transaction's change.
      passedBySeq = Number((await db.query<{ n: number }>('SELECT count(*) AS n FROM change_log WHERE seq > $1', [slowSeq])).rows[0]!.n);
    }
    fastDone.resolve();
    committed.push(...(await slow));
    committed.push(...(await db.transaction((tx) => write(tx, [{ kind: 'delete', resourceType: 'Patient', id: 'slow-1' }]))));

    stop = true;
    await reader;
    expect(seen.length).toBe(committed.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen)).toEqual(new Set(committed));
    // Versions of one resource arrive in order.
    const versions = new Map<string, number>();
    for (const change of seen) {
      const [type, id, version] = change.split('/');
      expect(Number(version)).toBeGreaterThan(versions.get(`${type}/${id}`) ?? 0);
      versions.set(`${type}/${id}`, Number(version));
    }
    if (db.engine === 'postgres') {
      expect(heldBack).toEqual(['Patient/shared-1/1', 'Patient/shared-2/1']);
      expect(passedBySeq).toBeGreaterThan(80);
    }
  });
});
