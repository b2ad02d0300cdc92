import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asPostgresWritesIt } from '../../test/fixtures/workstation/resource-rows.js';
import { makeTempDir } from '../../test/fixtures/workstation/temp-dir.js';
import { LocalStore } from '../db/local-store.js';
import { generateDatabaseKey } from '../keys/database-key.js';
import { SyncRequestError } from './http.js';
import { readPageRows } from './pull-rows.js';

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

const tombstone = { type: 'tombstone', resourceType: 'Condition', id: 'c1', versionId: 4 };
const head = (resources: number, more: object = {}) =>
  JSON.stringify({ protocolVersion: 4, cursor: 'c2', hasMore: true, scopeChanges: { entered: ['p1'], left: [] }, remaining: 7, changes: [tombstone], resources, ...more });
const patientText = asPostgresWritesIt({ resourceType: 'Patient', id: 'p1', meta: { versionId: '2' }, name: [{ text: 'Иванов\tИван' }] });
const rowsOf = (...rows: string[]) => `[${rows.join(', ')}]`;
const page = (...lines: string[]) => Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8');
const read = (body: Buffer) => readPageRows(body, (text) => store.resources.readRows(text));

function refusal(body: Buffer): string {
  try {
    read(body);
  } catch (error) {
    expect(error).toBeInstanceOf(SyncRequestError);
    expect((error as SyncRequestError).kind).toBe('busy');
    return (error as Error).message;
  }
  throw new Error('the page was read');
}

describe('a pull page in the rows layout', () => {
  it('reads the head with its tombstones, and hands the rows to the store whole', () => {
    const read1 = read(page(head(2), rowsOf(`["Patient","p1",2,"2025-01-01T00:00:00Z","p1",${patientText}]`, '["Organization","o1",1,null,null,{"resourceType": "Organization", "id": "o1"}]')));
    expect(read1.head).toEqual({ protocolVersion: 4, cursor: 'c2', hasMore: true, scopeChanges: { entered: ['p1'], left: [] }, remaining: 7, changes: [tombstone], resources: 2 });
    expect(read1.rows.count).toBe(2);
    store.applyPage([], read1.head.cursor, [], read1.rows);
    expect(store.resources.get('Patient', 'p1')).toEqual(JSON.parse(patientText));
    expect(store.resources.holderOf('Patient', 'p1')).toBe('p1');
    expect(store.resources.holderOf('Organization', 'o1')).toBeNull();
  });

  it('reads an empty page', () => {
    expect(read(page(head(0, { hasMore: false, changes: [] }), '[]'))).toMatchObject({ head: { hasMore: false, resources: 0, changes: [] }, rows: { count: 0 } });
  });

  it('refuses an answer cut short, or with other rows than its head says', () => {
    const full = page(head(2), rowsOf(`["Patient","p1",2,null,"p1",${patientText}]`, `["Patient","p2",1,null,"p2",${patientText.replace('"p1"', '"p2"')}]`));
    expect(refusal(full.subarray(0, full.length - 10))).toMatch(/complete line/);
    expect(refusal(Buffer.concat([full.subarray(0, full.length - 10), Buffer.from('\n')]))).toMatch(/its resources: they are not JSON/);
    expect(refusal(page(head(3), rowsOf(`["Patient","p1",2,null,"p1",${patientText}]`)))).toMatch(/announces 3 resources and 1 came/);
    expect(refusal(page(head(2)))).toMatch(/a head and no rows/);
    expect(refusal(Buffer.alloc(0))).toMatch(/complete line/);
  });

  it('refuses a head or a row that is not what the layout says', () => {
    expect(refusal(page('not json', '[]'))).toMatch(/its head is not JSON/);
    expect(refusal(page(JSON.stringify({ changes: [] }), '[]'))).toMatch(/its head is not a page head/);
    expect(refusal(page(head(1, { changes: [{ type: 'resource', resource: { resourceType: 'Patient', id: 'p1' } }] }), '[]'))).toMatch(/its head is not a page head/);
    expect(refusal(page(head(1), rowsOf(`["Patient","p 1",2,null,"p1",${patientText}]`)))).toMatch(/its resources: resource 1: no FHIR id/);
  });
});
