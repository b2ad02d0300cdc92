import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { feedBundle, labOrder, type Sender } from '../../../test/fixtures/integration/feed-bundles.js';
import { startTestCentral, type TestCentral } from '../../../test/support/central.js';
import { demoPerson } from '../../demo/people.js';
import { fhirClient } from '../../fhir/testing.js';
import { KNOWN_ENTITIES } from '../../registers/legal-entities/simulated-entities.js';
import { attachRegisters } from '../../registers/registry.js';
import { startSimulatedRegisters, type SimulatedRegisters } from '../../registers/testing.js';
import { centralClient, registerTestInstitution, type TestInstitution } from '../testing.js';
import { parseFeedSource } from './source.js';

const LAB: Sender = { system: 'https://lis.labdiagnostika.by' };

describe('institution feeds: provenance, resubmission, corrections, withdrawal', () => {
  let central: TestCentral;
  let sims: SimulatedRegisters;
  let lab: TestInstitution;
  const person = demoPerson(31);
  let patientId: string;
  const fhir = () => fhirClient(central, 'doctor');
  const order = () => labOrder(LAB, person, 'ORD-1', 4);

  beforeAll(async () => {
    central = await startTestCentral();
    sims = await startSimulatedRegisters({ seed: 2 });
    attachRegisters(central.ctx, sims.registers, { background: false });
    lab = await registerTestInstitution(central, { unp: KNOWN_ENTITIES[2]!.unp, kind: 'laboratory' });
    const created = await fhir()('POST', '/Patient', {
      resourceType: 'Patient', identifier: [{ system: SYSTEMS.personalNumber, value: person.personalNumber }],
      name: [{ family: person.family, given: [person.given] }], birthDate: person.birthDate, gender: person.sex,
    });
    patientId = created.body.id;
  });
  afterAll(async () => {
    await central?.close();
    await sims?.close();
  });

  const compartment = async () => (await central.ctx.db.query<{ resource_type: string; n: number }>(
    `SELECT resource_type, count(*)::int AS n FROM resource WHERE patient_id = $1 AND NOT deleted GROUP BY resource_type ORDER BY resource_type`, [patientId])).rows;

  it('attaches a lab feed to the person by personal number, with meta.source and a Provenance', async () => {
    const sent = await lab.call('POST', '/feeds', feedBundle(LAB, [{ person, style: 'personal-number', records: order() }]));
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ status: 'accepted', summary: { created: order().length, unchanged: 0, patients: { known: 1, created: 0, review: 0 } } });
    expect(await compartment()).toEqual([{ resource_type: 'DiagnosticReport', n: 1 }, { resource_type: 'Observation', n: order().length - 1 }, { resource_type: 'Patient', n: 1 }]);

    const report = (await fhir()('GET', `/DiagnosticReport?subject=Patient/${patientId}`)).body.entry?.[0]?.resource
      ?? (await central.ctx.db.query<{ content: { id: string; meta: { source: string }; result: { reference: string }[] } }>(`SELECT content FROM resource WHERE resource_type = 'DiagnosticReport' AND patient_id = $1`, [patientId])).rows[0]!.content;
    expect(parseFeedSource(report.meta.source)).toEqual({ organizationId: lab.organizationId, clientId: lab.clientId, submissionId: sent.body.id });
    expect(report.result[0].reference).toMatch(/^Observation\/[0-9a-f-]{36}$/);
    const provenance = (await central.ctx.db.query<{ content: { target: { reference: string }[]; recorded: string; agent: { who: { reference?: string } }[] } }>(
      `SELECT content FROM resource WHERE resource_type = 'Provenance'`)).rows.map((r) => r.content);
    expect(provenance).toHaveLength(1);
    expect(provenance[0]!.target.map((t) => t.reference)).toContain(`DiagnosticReport/${report.id}/_history/1`);
    expect(provenance[0]!.agent[0]!.who.reference).toBe(`Organization/${lab.organizationId}`);
    // Central records the laboratory's system as the writer of every version the feed wrote.
    const writers = await central.ctx.db.query(`SELECT DISTINCT written_by, written_by_org FROM resource_history WHERE resource_type IN ('DiagnosticReport', 'Observation', 'Provenance')`);
    expect(writers.rows).toEqual([{ written_by: lab.clientId, written_by_org: lab.organizationId }]);
    // The Patient learns the laboratory's own identifier for the person.
    const patient = (await fhir()('GET', `/Patient/${patientId}`)).body;
    expect(patient.identifier).toContainEqual({ system: `${LAB.system}/patient`, value: 'p31' });
  });

  it('changes nothing when the same bundle comes again', async () => {
    const versions = await central.ctx.db.query(`SELECT count(*)::int AS n FROM resource_history`);
    const again = await lab.call('POST', '/feeds', feedBundle(LAB, [{ person, style: 'personal-number', records: order() }]));
    expect(again.body).toMatchObject({ status: 'accepted', summary: { created: 0, updated: 0, unchanged: order().length } });
    expect((await central.ctx.db.query(`SELECT count(*)::int AS n FROM resource_history`)).rows).toEqual(versions.rows);
  });

  it('makes a corrected result a new version, and withdraws one sent as entered-in-error, keeping its history', async () => {
    const records = order();
    const corrected = records[0] as { valueQuantity: { value: number }; status: string };
    corrected.valueQuantity.value = 99.9;
    corrected.status = 'corrected';
    (records[1] as { status: string }).status = 'entered-in-error';
    const sent = await lab.call('POST', '/feeds', feedBundle(LAB, [{ person, style: 'personal-number', records }]));
    expect(sent.body.summary).toMatchObject({ updated: 1, withdrawn: 1, unchanged: records.length - 2 });

    const keys = records.slice(0, 2).map((r) => `Observation|${LAB.system}/result|${(r as { identifier: { value: string }[] }).identifier[0]!.value}`);
    const rows = (await central.ctx.db.query<{ id: string; version_id: number; deleted: boolean; content: { status?: string } }>(
      `SELECT id, version_id, deleted, content FROM resource WHERE resource_type = 'Observation' AND id IN (SELECT resource_id FROM feed_source_record WHERE source_key = ANY($1::text[]))`,
      [keys],
    )).rows;
    expect(rows).toHaveLength(2);
    const fixed = rows.find((r) => !r.deleted)!;
    expect(fixed).toMatchObject({ version_id: 2, content: { status: 'corrected', valueQuantity: { value: 99.9 } } });
    const withdrawn = rows.find((r) => r.deleted)!;
    expect(withdrawn.version_id).toBe(3);
    const history = await fhir()('GET', `/Observation/${withdrawn.id}/_history`);
    expect(history.body.entry.map((e: { resource?: { status?: string }; request?: { method: string } }) => e.resource?.status ?? e.request?.method)).toEqual(expect.arrayContaining(['entered-in-error', 'final']));
    expect((await fhir()('GET', `/Observation/${withdrawn.id}`)).status).toBe(410);
    // Resending the withdrawal changes nothing either.
    expect((await lab.call('POST', '/feeds', feedBundle(LAB, [{ person, style: 'personal-number', records }]))).body.summary).toMatchObject({ updated: 0, withdrawn: 0 });
  });

  it('rejects a wrong feed with every reason, naming the entries, and writes nothing', async () => {
    const before = await central.ctx.db.query(`SELECT count(*)::int AS n FROM resource_history`);
    const records = labOrder(LAB, person, 'ORD-BAD', 2);
    (records[0] as { status: string }).status = 'sort-of-final';
    (records[records.length - 1] as { result: { reference: string }[] }).result.push({ reference: 'Observation/never-sent' });
    const sent = await lab.call('POST', '/feeds', feedBundle(LAB, [{ person, style: 'personal-number', records }]));
    expect(sent.body.status).toBe('rejected');
    const where = sent.body.outcome.issue.map((i: { expression: string[] }) => i.expression[0]);
    expect(where.some((e: string) => e.startsWith('Bundle.entry[1]'))).toBe(true);
    expect((await lab.call('GET', `/feeds/${sent.body.id}`)).body).toMatchObject({ status: 'rejected', outcome: { issue: expect.any(Array) } });
    expect((await central.ctx.db.query(`SELECT count(*)::int AS n FROM resource_history`)).rows).toEqual(before.rows);

    const fixedStatus = labOrder(LAB, person, 'ORD-BAD', 2);
    (fixedStatus[fixedStatus.length - 1] as { result: { reference: string }[] }).result.push({ reference: 'Observation/never-sent' });
    const unresolved = await lab.call('POST', '/feeds', feedBundle(LAB, [{ person, style: 'personal-number', records: fixedStatus }]));
    expect(unresolved.body.outcome.issue[0]).toMatchObject({ code: 'not-found', expression: [expect.stringMatching(/^Bundle\.entry\[\d+\]\.DiagnosticReport\.result\[\d+\]$/)] });
    expect((await lab.call('POST', '/feeds', { resourceType: 'Patient' })).status).toBe(400);
  });

  it('keeps each institution to its own submissions and feeds to institution systems', async () => {
    const mine = await lab.call('GET', '/feeds?status=accepted');
    expect(mine.body.submissions.length).toBeGreaterThanOrEqual(3);
    const other = await registerTestInstitution(central, { unp: KNOWN_ENTITIES[3]!.unp, kind: 'private-clinic' });
    expect((await other.call('GET', `/feeds/${mine.body.submissions[0].id}`)).status).toBe(404);
    expect((await centralClient(central, 'doctor')('POST', '/feeds', feedBundle(LAB, []))).status).toBe(403);
  });
});
