import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oruMessage } from '../../../test/fixtures/integration/hl7-messages.js';
import { startTestCentral, type TestCentral } from '../../../test/support/central.js';
import { demoPerson } from '../../demo/people.js';
import { KNOWN_ENTITIES } from '../../registers/legal-entities/simulated-entities.js';
import { attachRegisters } from '../../registers/registry.js';
import { startSimulatedRegisters, type SimulatedRegisters } from '../../registers/testing.js';
import { registerTestInstitution, type TestInstitution } from '../testing.js';
import { frame, MllpDecoder, startMllpListener, type MllpListener } from './mllp.js';

describe('HL7 v2 ORU^R01 over HTTP and MLLP', () => {
  let central: TestCentral;
  let sims: SimulatedRegisters;
  let lab: TestInstitution;
  let mllp: MllpListener;
  const person = demoPerson(51);
  const message = (controlId: string, extra: Partial<Parameters<typeof oruMessage>[0]> = {}) => oruMessage({ facility: lab.hl7Facility, controlId, orderId: 'H-1', person, ...extra });
  const segments = (ack: string) => ack.split('\r').filter(Boolean);
  const observations = async () =>
    (await central.ctx.db.query<{ deleted: boolean; version_id: number; content: { code: { coding: { code: string }[] }; status: string } }>(
      `SELECT deleted, version_id, content FROM resource WHERE resource_type = 'Observation' ORDER BY content->'code'->'coding'->0->>'code'`)).rows;

  const sendMllp = (messages: string[]) =>
    new Promise<string[]>((resolve, reject) => {
      const socket = connect(mllp.port, '127.0.0.1');
      const decoder = new MllpDecoder();
      const acks: string[] = [];
      socket.on('data', (chunk) => {
        acks.push(...decoder.push(chunk));
        if (acks.length === messages.length) {
          socket.end();
          resolve(acks);
        }
      });
      socket.on('error', reject);
      socket.write(Buffer.concat(messages.map(frame)));
    });

  beforeAll(async () => {
    central = await startTestCentral();
    sims = await startSimulatedRegisters({ seed: 1 });
    attachRegisters(central.ctx, sims.registers, { background: false });
    lab = await registerTestInstitution(central, { unp: KNOWN_ENTITIES[2]!.unp, kind: 'laboratory', hl7Facility: 'LABDIAG' });
    mllp = await startMllpListener(central.ctx, { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await mllp?.close();
    await central?.close();
    await sims?.close();
  });

  it('accepts a result message over HTTP with AA and keeps the results, creating the person from the register data in PID', async () => {
    const answer = await lab.call('POST', '/hl7', message('HTTP-1'), 'x-application/hl7-v2+er7');
    expect(answer.status).toBe(200);
    const [msh, msa] = segments(answer.text);
    expect(msh).toMatch(/^MSH\|\^~\\&\|MEDKARTA\|MEDKARTA\|LIS\|LABDIAG\|/);
    expect(msa).toMatch(/^MSA\|AA\|HTTP-1\|Submission [\w-]+: 6 created, 0 updated, 0 withdrawn, 0 unchanged$/);
    expect((await observations()).map((o) => o.content.code.coding[0]!.code)).toEqual(['2345-7', '5778-6', '6690-2', '718-7', '777-3']);
  });

  it('answers each message over MLLP in order; a resend changes nothing, a correction is a new version, W withdraws', async () => {
    const acks = await sendMllp([message('MLLP-1'), message('MLLP-2', { resultStatus: 'C', hemoglobin: '114' }), message('MLLP-3', { resultStatus: 'W', hemoglobin: '114' })]);
    expect(acks.map((ack) => segments(ack)[1])).toEqual([
      expect.stringMatching(/^MSA\|AA\|MLLP-1\|.*0 created, 0 updated, 0 withdrawn, 6 unchanged$/),
      expect.stringMatching(/^MSA\|AA\|MLLP-2\|.*0 created, 6 updated, 0 withdrawn, 0 unchanged$/),
      expect.stringMatching(/^MSA\|AA\|MLLP-3\|.*0 created, 1 updated, 5 withdrawn, 0 unchanged$/),
    ]);
    const rows = await observations();
    expect(rows.every((o) => o.deleted && o.version_id === 4)).toBe(true);
    const hemoglobin = await central.ctx.db.query<{ content: { status: string; valueQuantity?: { value: number } } }>(
      `SELECT h.content FROM resource_history h JOIN feed_source_record s ON s.resource_type = h.resource_type AND s.resource_id = h.id
       WHERE s.source_key LIKE '%/result|H-1/718-7' ORDER BY h.version_id`);
    expect(hemoglobin.rows.map((r) => [r.content.status, r.content.valueQuantity?.value])).toEqual([['final', 104], ['corrected', 114], ['entered-in-error', 114], [undefined, undefined]]);
  });

  it('answers a message with an error with AE whose ERR names the segment and the field', async () => {
    const before = await central.ctx.db.query(`SELECT count(*)::int AS n FROM resource_history`);
    const [ack] = await sendMllp([message('BAD-1', { hemoglobin: 'не число' })]);
    const [, msa, err, ...rest] = segments(ack!);
    expect(msa).toMatch(/^MSA\|AE\|BAD-1\|/);
    expect(err).toBe('ERR||OBX^6^5|102^Data type error^HL70357|E||||OBX-5 must be a number when OBX-2 is NM');
    expect(rest).toEqual([]);
    expect((await central.ctx.db.query(`SELECT count(*)::int AS n FROM resource_history`)).rows).toEqual(before.rows);
  });

  it('refuses with AR what Central does not take: another message type, an unknown facility, someone else\'s facility', async () => {
    const [adt] = await sendMllp([message('ADT-1').replace('ORU^R01^ORU_R01', 'ADT^A01^ADT_A01')]);
    // The text is escaped as HL7 requires: ^ inside a field is \S\.
    const text = 'MSH-9: Central takes ORU\\S\\R01 result messages only';
    expect(segments(adt!).slice(1)).toEqual([`MSA|AR|ADT-1|${text}`, `ERR||MSH^1^9|200^Unsupported message type^HL70357|E||||${text}`]);
    const [stranger] = await sendMllp([message('X-1').replace('|LIS|LABDIAG|', '|LIS|NOBODY|')]);
    expect(segments(stranger!)[2]).toMatch(/^ERR\|\|MSH\^1\^4\|204\^/);
    const other = await registerTestInstitution(central, { unp: KNOWN_ENTITIES[3]!.unp, kind: 'private-clinic', hl7Facility: 'ZDOROV' });
    expect(segments((await other.call('POST', '/hl7', message('X-2'), 'text/plain')).text)[1]).toMatch(/^MSA\|AR\|X-2\|MSH-4 is not the institution/);
    const [garbage] = await sendMllp(['hello']);
    expect(segments(garbage!)[1]).toMatch(/^MSA\|AR\|\|/);
  });
});
