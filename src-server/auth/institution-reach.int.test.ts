import type { Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLINICAL_REACH, isAllowed } from '../../shared/domain/access.js';
import { REFUSAL_SYSTEM } from '../../shared/fhir/outcomes.js';
import { bearerFor } from '../../test/support/auth.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { client, isOutcome, type Client } from '../../test/support/http.js';
import { minimalResource } from '../../test/support/minimal-resources.js';
import { feedHolds } from '../../test/support/change-feed.js';
import { readResource } from '../fhir/read.js';
import { writeResources } from '../fhir/write.js';

/**
 * A laboratory's or hospital's system reaches, for reading, what it needs to send its results: it
 * finds a patient by personal number (demographics), and reads clinical data only of patients
 * related to it (attached, booked, seen there recently, or sent there with an order naming it as
 * performer). Anyone else's record needs a stated reason like staff, recorded as break-the-glass;
 * appointments and deletes are not an institution's at all (the matrix). An order counts only when
 * someone else placed it, as Central recorded the writer, and what the institution wrote itself it
 * reads back, nothing more.
 */
describe('an institution system reaches only the patients related to it', () => {
  let central: TestCentral;
  let lab: Client;
  const LAB = 'org-lab';
  const PERSONAL_NUMBER = '3150385A001PB7';
  const reason = 'Пациент доставлен в приёмное отделение без направления';

  beforeAll(async () => {
    central = await startTestCentral();
    const now = central.ctx.now();
    const recently = new Date(now.getTime() - 2 * 86_400_000).toISOString();
    const resources: (Resource & { id: string })[] = [
      { resourceType: 'Organization', id: LAB, name: 'Городская лаборатория' },
      { resourceType: 'Organization', id: 'org-c', name: 'Поликлиника № 7' },
      minimalResource('Patient', 'ordered', 'ordered', 'org-c'),
      minimalResource('Patient', 'admitted', 'admitted', 'org-c'),
      { ...minimalResource('Patient', 'stranger', 'stranger', 'org-c'), identifier: [{ system: 'https://medkarta.by/fhir/sid/personal-number', value: PERSONAL_NUMBER }] } as Resource & { id: string },
      // A clinic's order sent to the laboratory: the patient was sent there.
      { ...minimalResource('ServiceRequest', 'order-1', 'ordered', 'org-c'), performer: [{ reference: `Organization/${LAB}` }] } as Resource & { id: string },
      // A stay the institution provided recently.
      { ...minimalResource('Encounter', 'stay-1', 'admitted', 'org-c'), serviceProvider: { reference: `Organization/${LAB}` }, period: { start: recently } } as Resource & { id: string },
    ];
    for (const id of ['self-ordered', 'walk-in', 'stale-order', 'document-walk-in']) resources.push(minimalResource('Patient', id, id, 'org-c'));
    for (const id of ['ordered', 'admitted', 'stranger', 'self-ordered', 'walk-in', 'stale-order']) resources.push(minimalResource('Observation', `obs-${id}`, id, 'org-c'));
    await central.ctx.db.transaction((tx) => writeResources(tx, resources.map((resource) => ({ kind: 'update' as const, resource })), now));
    // The clinic's order to the laboratory, 40 days old, that the laboratory itself wrote again yesterday.
    const staleOrder = { ...minimalResource('ServiceRequest', 'order-stale', 'stale-order', 'org-c'), performer: [{ reference: `Organization/${LAB}` }] } as Resource & { id: string };
    await central.ctx.db.transaction((tx) => writeResources(tx, [{ kind: 'update', resource: staleOrder }], new Date(now.getTime() - 40 * 86_400_000), { writer: { subject: 'ws-c', organizationId: 'org-c' } }));
    await central.ctx.db.transaction((tx) =>
      writeResources(tx, [{ kind: 'update', resource: { ...staleOrder, status: 'completed' } as Resource & { id: string } }], new Date(now.getTime() - 86_400_000), { writer: { subject: 'lab-system', organizationId: LAB } }),
    );
    await feedHolds(central, 'stranger');
    lab = client(central, bearerFor(central, { kind: 'client', subject: 'lab-system', display: 'ЛИС лаборатории', roles: ['institution'], organizationId: LAB }));
  });
  afterAll(() => central.close());

  /** Uploads a file over POST /documents as `auth`; answers the status and the DocumentReference. */
  async function upload(auth: Record<string, string>, patientId: string, text: string) {
    const response = await fetch(`${central.url}/documents?${new URLSearchParams({ patient: patientId, fileName: 'result.txt' })}`, { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: text });
    return { status: response.status, body: (await response.json()) as { id: string; content: { attachment: { url: string } }[] } };
  }

  async function download(auth: Record<string, string>, url: string) {
    const response = await fetch(url.replace(/^https?:\/\/[^/]+/, central.url), { headers: auth });
    return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  it('is narrowed as data: a relation for clinical reads, no appointments, no deletes', () => {
    expect(CLINICAL_REACH.institution).toBe('institution-relation');
    expect(isAllowed(['institution'], 'search', 'Patient')).toBe(true);
    expect(isAllowed(['institution'], 'read', 'Appointment')).toBe(false);
    expect(isAllowed(['institution'], 'delete', 'Observation')).toBe(false);
  });

  it('finds any patient by personal number, and reads the record of the patients sent to it or staying there', async () => {
    const found = await lab.get(`/fhir/Patient?identifier=${PERSONAL_NUMBER}`);
    expect(found.status).toBe(200);
    expect(found.body.entry.map((e: { resource: Resource }) => e.resource.id)).toEqual(['stranger']);
    for (const id of ['ordered', 'admitted']) {
      expect((await lab.get(`/fhir/Observation/obs-${id}`)).status, id).toBe(200);
      expect((await lab.get(`/fhir/Observation?patient=${id}`)).body.entry, id).toHaveLength(1);
      expect((await lab.get(`/fhir/Patient/${id}/$everything`)).status, id).toBe(200);
    }
  });

  it('refuses the clinical data of anyone else by every route, saying how to state a reason', async () => {
    const answers = [
      await lab.get('/fhir/Observation/obs-stranger'),
      await lab.get('/fhir/Observation/obs-stranger/_history/1'),
      await lab.get('/fhir/Observation?patient=stranger'),
      await lab.get('/fhir/Observation/_history'),
      await lab.get('/fhir/Patient/stranger/$everything'),
      await lab.get('/fhir/_changes?patient=stranger'),
      await lab.post('/fhir', { resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'GET', url: 'Observation/obs-stranger' } }] }),
    ];
    for (const [i, answer] of answers.entries()) {
      expect(answer.status, `answer ${i}: ${JSON.stringify(answer.body).slice(0, 300)}`).toBe(403);
      expect(isOutcome(answer.body)).toBe(true);
      expect(answer.body.issue[0].details.text).toMatch(/not related to this institution[\s\S]*X-Break-Glass-Reason/);
      expect(answer.body.issue[0].details.coding).toEqual([{ system: REFUSAL_SYSTEM, code: 'outside-scope' }]);
    }
    expect((await lab.get('/fhir/Appointment')).status).toBe(403);
    expect((await lab.delete('/fhir/Observation/obs-ordered')).status).toBe(403);
  });

  it('opens it with a stated reason, recorded as break-the-glass and listed for the patient\'s clinic', async () => {
    const opened = await lab.get('/fhir/Observation/obs-stranger', { 'x-break-glass-reason': encodeURIComponent(reason) });
    expect(opened.status).toBe(200);
    const { rows } = await central.ctx.db.query<{ agent_subject: string; break_glass: boolean; reason: string }>(
      `SELECT agent_subject, break_glass, content->'purposeOfEvent'->0->>'text' AS reason FROM audit_event WHERE patient_id = 'stranger' AND outcome = 'success' AND action = 'read'`,
    );
    expect(rows).toEqual([{ agent_subject: 'lab-system', break_glass: true, reason }]);
    // The privacy officer of the clinic the patient is attached to sees it, marked as another institution's.
    const officer = client(central, bearerFor(central, { kind: 'user', subject: 'po-c', display: 'Офицер', roles: ['privacy-officer'], organizationId: 'org-c' }));
    const list = await officer.get('/audit/break-glass');
    expect(list.status).toBe(200);
    expect(list.body.accesses).toHaveLength(1);
    expect(list.body.accesses[0]).toMatchObject({ user: { id: 'lab-system' }, institution: { id: LAB, name: 'Городская лаборатория' }, patient: { id: 'stranger' }, reason, otherInstitution: true });
  });

  it('gains no relation from an order it writes itself, whatever the order says about who placed it', async () => {
    const selfOrder = { ...minimalResource('ServiceRequest', 'x', 'self-ordered', 'org-c'), performer: [{ reference: `Organization/${LAB}` }], requester: { reference: 'Organization/org-c' } };
    const { id: _, ...body } = selfOrder;
    const created = await lab.post('/fhir/ServiceRequest', body);
    expect(created.status, JSON.stringify(created.body).slice(0, 300)).toBe(201);
    const bundled = await lab.post('/fhir', { resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'POST', url: 'ServiceRequest' }, resource: body }] });
    expect(bundled.status).toBe(200);
    for (const path of ['/fhir/Observation/obs-self-ordered', '/fhir/Observation?patient=self-ordered', '/fhir/Patient/self-ordered/$everything']) {
      const answer = await lab.get(path);
      expect(answer.status, path).toBe(403);
      expect(answer.body.issue[0].details.coding).toEqual([{ system: REFUSAL_SYSTEM, code: 'outside-scope' }]);
    }
    // Its own later version of someone else's old order does not renew the relation either.
    expect((await lab.get('/fhir/Observation/obs-stale-order')).status).toBe(403);
  });

  it('reads back exactly the results it sent for an unrelated patient, audited, and nothing else of the record', async () => {
    const sent = await lab.post('/fhir/Observation', { ...minimalResource('Observation', 'x', 'walk-in', 'org-c'), id: undefined });
    expect(sent.status).toBe(201);
    const bundled = await lab.post('/fhir', { resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'POST', url: 'DiagnosticReport' }, resource: { ...minimalResource('DiagnosticReport', 'x', 'walk-in', 'org-c'), id: undefined } }] });
    expect(bundled.status).toBe(200);
    const reportId = String(bundled.body.entry[0].response.location).split('/')[1];
    const id = sent.body.id as string;
    const before = (await central.ctx.db.query<{ seq: string }>('SELECT max(seq)::text AS seq FROM audit_event')).rows[0]!.seq;
    const readBack = [
      await lab.get(`/fhir/Observation/${id}`),
      await lab.get(`/fhir/Observation/${id}/_history/1`),
      await lab.get(`/fhir/DiagnosticReport/${reportId}`),
      await lab.post('/fhir', { resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'GET', url: `Observation/${id}` } }] }),
    ];
    for (const [i, answer] of readBack.entries()) expect(answer.status, `read ${i}: ${JSON.stringify(answer.body).slice(0, 300)}`).toBe(200);
    expect(readBack[0]!.body.id).toBe(id);
    const { rows } = await central.ctx.db.query<{ action: string; break_glass: boolean }>(
      `SELECT action, break_glass FROM audit_event WHERE seq > $1 AND patient_id = 'walk-in' AND agent_subject = 'lab-system' AND outcome = 'success' ORDER BY seq`,
      [before],
    );
    expect(rows).toEqual([
      { action: 'read', break_glass: false },
      { action: 'vread', break_glass: false },
      { action: 'read', break_glass: false },
      { action: 'transaction', break_glass: false },
    ]);

    // The rest of the record, searches, history and other institutions stay closed.
    const other = client(central, bearerFor(central, { kind: 'client', subject: 'lab-2', display: 'ЛИС другой лаборатории', roles: ['institution'], organizationId: 'org-lab-2' }));
    const closed = [
      await lab.get('/fhir/Observation/obs-walk-in'),
      await lab.get(`/fhir/Observation?patient=walk-in`),
      await lab.get(`/fhir/Observation?_id=${id}`),
      await lab.get(`/fhir/Observation/${id}/_history`),
      await lab.get('/fhir/Patient/walk-in/$everything'),
      await lab.post('/fhir', { resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'GET', url: `Observation/${id}` } }, { request: { method: 'GET', url: 'Observation/obs-walk-in' } }] }),
      await other.get(`/fhir/Observation/${id}`),
    ];
    for (const [i, answer] of closed.entries()) expect(answer.status, `closed ${i}: ${JSON.stringify(answer.body).slice(0, 300)}`).toBe(403);

    // A version someone else wrote since is theirs: the current one needs the relation, the lab's own version does not.
    await central.ctx.db.transaction((tx) =>
      writeResources(tx, [{ kind: 'update', resource: { ...(readBack[0]!.body as Resource & { id: string }), status: 'amended' } as Resource & { id: string } }], central.ctx.now(), { writer: { subject: 'ws-c', organizationId: 'org-c' } }),
    );
    expect((await lab.get(`/fhir/Observation/${id}`)).status).toBe(403);
    expect((await lab.get(`/fhir/Observation/${id}/_history/1`)).status).toBe(200);
    expect((await lab.get(`/fhir/Observation/${id}/_history/2`)).status).toBe(403);
  });

  it('downloads back exactly the document file it uploaded for an unrelated patient, audited once; no one else\'s', async () => {
    const labAuth = bearerFor(central, { kind: 'client', subject: 'lab-system', display: 'ЛИС лаборатории', roles: ['institution'], organizationId: LAB });
    const otherAuth = bearerFor(central, { kind: 'client', subject: 'lab-2', display: 'ЛИС другой лаборатории', roles: ['institution'], organizationId: 'org-lab-2' });
    const clinicAuth = bearerFor(central, { kind: 'user', subject: 'doc-c', display: 'Врач', roles: ['doctor'], organizationId: 'org-c' });
    const text = 'Гемоглобин 131 г/л';
    const sent = await upload(labAuth, 'document-walk-in', text);
    expect(sent.status, JSON.stringify(sent.body).slice(0, 300)).toBe(201);
    const fromClinic = await upload(clinicAuth, 'document-walk-in', 'Выписка поликлиники');
    expect(fromClinic.status).toBe(201);
    const url = sent.body.content[0]!.attachment.url;

    const successes = async () =>
      (await central.ctx.db.query<{ action: string; break_glass: boolean; entity: string }>(
        `SELECT action, break_glass, content->'entity'->1->'what'->>'reference' AS entity FROM audit_event WHERE patient_id = 'document-walk-in' AND agent_subject IN ('lab-system', 'lab-2') AND outcome = 'success' AND action = 'read' ORDER BY seq`,
      )).rows;
    expect(await successes()).toEqual([]);
    const file = await download(labAuth, url);
    expect(file.status, file.bytes.toString('utf8').slice(0, 300)).toBe(200);
    expect(file.bytes.equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(await successes()).toEqual([{ action: 'read', break_glass: false, entity: `DocumentReference/${sent.body.id}` }]);

    // Another laboratory, and the clinic's own document: the relation (or a stated reason) as before.
    const closed = [await download(otherAuth, url), await download(labAuth, fromClinic.body.content[0]!.attachment.url)];
    for (const [i, answer] of closed.entries()) {
      expect(answer.status, `closed ${i}`).toBe(403);
      expect(answer.bytes.includes(Buffer.from(text, 'utf8'))).toBe(false);
      expect(JSON.parse(answer.bytes.toString('utf8')).issue[0].details.coding).toEqual([{ system: REFUSAL_SYSTEM, code: 'outside-scope' }]);
    }
    // A version of the DocumentReference someone else wrote since is theirs: the file follows it.
    const current = (await readResource(central.ctx.db, 'DocumentReference', sent.body.id)).resource as Resource & { id: string };
    await central.ctx.db.transaction((tx) =>
      writeResources(tx, [{ kind: 'update', resource: { ...current, description: 'Проверено поликлиникой' } as Resource & { id: string } }], central.ctx.now(), { writer: { subject: 'ws-c', organizationId: 'org-c' } }),
    );
    expect((await download(labAuth, url)).status).toBe(403);
    expect(await successes()).toHaveLength(1);
  });
});
