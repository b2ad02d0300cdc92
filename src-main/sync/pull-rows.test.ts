import { describe, expect, it } from 'vitest';
import { SyncRequestError } from './http.js';
import { readPageLines } from './pull-lines.js';

const head = (changes: number, more: object = {}) => JSON.stringify({ protocolVersion: 3, cursor: 'c2', hasMore: true, scopeChanges: { entered: ['p1'], left: [] }, remaining: 7, changes, ...more });
// As PostgreSQL writes jsonb out: a space after every colon and comma.
const patientText = '{"id": "p1", "meta": {"versionId": "2"}, "name": [{"text": "Иванов\\tИван"}], "resourceType": "Patient"}';
const lines = (...rows: string[]) => Buffer.from(rows.map((row) => `${row}\n`).join(''), 'utf8');

function refusal(body: Buffer): string {
  try {
    readPageLines(body);
  } catch (error) {
    expect(error).toBeInstanceOf(SyncRequestError);
    expect((error as SyncRequestError).kind).toBe('busy');
    return (error as Error).message;
  }
  throw new Error('the page was read');
}

describe('a pull page in the lines layout', () => {
  it('reads the head, each resource as its key and unparsed text, and the tombstones', () => {
    const page = readPageLines(
      lines(head(3), `["Patient","p1",2,"2025-01-01T00:00:00Z","p1"]\t${patientText}`, '{"type":"tombstone","resourceType":"Condition","id":"c1","versionId":4}', '["Organization","o1",1,null,null]\t{"resourceType": "Organization", "id": "o1"}'),
    );
    expect(page.head).toEqual({ protocolVersion: 3, cursor: 'c2', hasMore: true, scopeChanges: { entered: ['p1'], left: [] }, remaining: 7, changes: 3 });
    expect(page.texts.map((text) => text.key)).toEqual([
      ['Patient', 'p1', 2, '2025-01-01T00:00:00Z', 'p1'],
      ['Organization', 'o1', 1, null, null],
    ]);
    expect(Buffer.from(page.texts[0]!.json).toString('utf8')).toBe(patientText);
    expect(page.others).toEqual([{ type: 'tombstone', resourceType: 'Condition', id: 'c1', versionId: 4 }]);
  });

  it('reads an empty page', () => {
    expect(readPageLines(lines(head(0, { hasMore: false })))).toMatchObject({ head: { hasMore: false, changes: 0 }, texts: [], others: [] });
  });

  it('refuses an answer cut short, or longer than its head says', () => {
    const full = lines(head(2), `["Patient","p1",2,null,"p1"]\t${patientText}`, `["Patient","p2",1,null,"p2"]\t${patientText}`);
    expect(refusal(full.subarray(0, full.length - 10))).toMatch(/complete line/);
    expect(refusal(full.subarray(0, full.indexOf('["Patient","p2"')))).toMatch(/announces 2 changes and 1 came/);
    expect(refusal(Buffer.concat([full, lines('{"type":"tombstone","resourceType":"Condition","id":"c1","versionId":4}')]))).toMatch(/announces 2 changes and 3 came/);
    expect(refusal(Buffer.alloc(0))).toMatch(/complete line/);
  });

  it('refuses a head, a key or a line that is not what the layout says', () => {
    expect(refusal(lines('not json'))).toMatch(/its head is not JSON/);
    expect(refusal(lines(JSON.stringify({ changes: 0 })))).toMatch(/its head is not a page head/);
    const one = (line: string) => refusal(lines(head(1), line));
    expect(one(`["Patient","p1",2,null,"p1"]${patientText}`)).toMatch(/line 2 has a key and no resource/);
    expect(one(`["Patient","p 1",2,null,"p1"]\t${patientText}`)).toMatch(/key on line 2: no FHIR id/);
    expect(one(`["Patient","p1","2",null,"p1"]\t${patientText}`)).toMatch(/key on line 2: no version/);
    expect(one(`["Patient","p1",2,null,"../x"]\t${patientText}`)).toMatch(/key on line 2: a patient that is not a FHIR id/);
    expect(one(`["patient","p1",2,null,"p1"]\t${patientText}`)).toMatch(/key on line 2: no resource type/);
    expect(one(`["Patient","p1",2,null]\t${patientText}`)).toMatch(/key on line 2: not an array of five values/);
    expect(one(`[1,2\t${patientText}`)).toMatch(/key on line 2 is not JSON/);
    expect(one('{"type":"resource","resource":{"resourceType":"Patient","id":"p1"}}')).toMatch(/line 2 is neither a resource nor a tombstone/);
  });
});
