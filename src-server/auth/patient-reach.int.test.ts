import type { Bundle, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPPORTED_TYPES, type SupportedType } from '../../shared/domain/access.js';
import { bearerFor } from '../../test/support/auth.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { client, isOutcome, type Answer, type Client } from '../../test/support/http.js';
import { minimalResource } from '../../test/support/minimal-resources.js';
import { patientCompartmentOf } from '../../shared/fhir/compartment.js';
import { searchParametersFor } from '../fhir/search/definitions.js';
import { writeResources } from '../fhir/write.js';

type StoredType = Exclude<SupportedType, 'AuditEvent'>;
const STORED = SUPPORTED_TYPES.filter((type): type is StoredType => type !== 'AuditEvent');
/** The types whose resources belong to a patient (Provenance points at one as a target only). */
const OWNED = STORED.filter((type) => patientCompartmentOf(minimalResource(type, 'x', 'p', 'o')) !== undefined);

/**
 * A patient in the cabinet reaches their own record only, whatever they ask: every reference
 * search parameter of every type pointed at another patient, ids of another patient's resources
 * read, versioned, in history, in $everything and in bundle entries, the audit trail, the cabinet.
 */
describe('a patient reaches only their own record', () => {
  let central: TestCentral;
  let me: Client;
  const otherIds = new Set<string>();

  /** True when no resource in the answer belongs to the other patient (by id or by compartment). */
  const holdsNothingOfOther = (body: unknown): boolean =>
    resourcesIn(body).every((resource) => !otherIds.has(resource.id ?? '') && patientCompartmentOf(resource) !== 'other' && !JSON.stringify(resource).includes('Patient/other'));

  beforeAll(async () => {
    central = await startTestCentral();
    const resources: (Resource & { id: string })[] = [];
    for (const owner of ['mine', 'other']) {
      resources.push(minimalResource('Patient', owner, owner, 'org-a'));
      for (const type of OWNED.filter((t) => t !== 'Patient')) resources.push(minimalResource(type, `${type.toLowerCase()}-${owner}`, owner, 'org-a'));
    }
    resources.push(minimalResource('Provenance', 'provenance-other', 'other', 'org-a'));
    for (const resource of resources) if (resource.id.endsWith('other')) otherIds.add(resource.id);
    await central.ctx.db.transaction((tx) => writeResources(tx, resources.map((resource) => ({ kind: 'update' as const, resource })), central.ctx.now()));
    me = client(central, bearerFor(central, { kind: 'patient', subject: 'acct-mine', display: 'Я', roles: ['patient'], patientId: 'mine' }));
    // A doctor opens the other patient's record, so the audit trail has something of theirs.
    const doctor = client(central, bearerFor(central, { kind: 'user', subject: 'doc', display: 'Доктор', roles: ['doctor'], organizationId: 'org-a' }));
    expect((await doctor.get('/fhir/Patient/other')).status).toBe(200);
  });
  afterAll(() => central.close());

  it('finds nothing of another patient by any reference search parameter of any type', async () => {
    const searches: string[] = [];
    for (const type of STORED) {
      for (const param of searchParametersFor(type).filter((p) => p.kind === 'reference')) {
        searches.push(`/fhir/${type}?${param.name}=Patient/other`, `/fhir/${type}?${param.name}=other`);
      }
      searches.push(`/fhir/${type}?_id=${type === 'Patient' ? 'other' : `${type.toLowerCase()}-other`}`, `/fhir/${type}`, `/fhir/${type}/_history`);
    }
    const answers = await Promise.all(searches.map(async (path) => [path, await me.get(path)] as const));
    const leaks = answers.filter(([, answer]) => answer.status >= 500 || (answer.status === 200 && !holdsNothingOfOther(answer.body)) || (answer.status !== 200 && !isOutcome(answer.body)));
    expect(leaks.map(([path, answer]) => `${path}: ${answer.status}`)).toEqual([]);
    // Their own record is found the same way (the searches are real, not refused wholesale).
    expect((await me.get('/fhir/Observation?subject=Patient/mine')).body.entry).toHaveLength(1);
    console.log(`patient reach: ${searches.length} searches for another patient's data, none answered with any`);
  });

  it('refuses includes, reverse includes and _has (not supported) rather than follow them', async () => {
    for (const query of ['_include=Observation:subject', '_revinclude=Observation:subject', '_has:Observation:subject:status=final']) {
      const answer = await me.get(`/fhir/Patient?${query}`);
      expect(answer.status, query).toBe(400);
      expect(isOutcome(answer.body)).toBe(true);
    }
  });

  it('answers every id of another patient\'s resources as not existing, by read, vread, history, $everything and bundles', async () => {
    const paths = [...otherIds].map((id) => `${id === 'other' ? 'Patient' : STORED.find((t) => `${t.toLowerCase()}-other` === id)}/${id}`);
    const calls: Promise<Answer>[] = [];
    for (const path of paths) calls.push(me.get(`/fhir/${path}`), me.get(`/fhir/${path}/_history/1`), me.get(`/fhir/${path}/_history`));
    calls.push(me.get('/fhir/Patient/other/$everything'));
    const answers = await Promise.all(calls);
    expect(answers.filter((answer) => answer.status !== 404 || !holdsNothingOfOther(answer.body)).map((answer) => `${answer.status} ${JSON.stringify(answer.body).slice(0, 120)}`)).toEqual([]);
    for (const type of ['batch', 'transaction']) {
      const entries = paths.flatMap((path) => [{ request: { method: 'GET', url: path } }, { request: { method: 'GET', url: `${path}/_history/1` } }]);
      const answer = await me.post('/fhir', { resourceType: 'Bundle', type, entry: [...entries, { request: { method: 'GET', url: 'Observation?subject=Patient/other' } }] });
      expect(holdsNothingOfOther(answer.body), type).toBe(true);
      if (type === 'batch') expect((answer.body as Bundle).entry!.slice(0, -1).every((e) => e.response!.status.startsWith('404'))).toBe(true);
      else expect(answer.status).toBe(404);
    }
    expect((await me.get('/fhir/Patient/mine/$everything')).body.entry.length).toBe(OWNED.length);
  });

  it('writes nothing, anywhere, about anyone', async () => {
    const observation = minimalResource('Observation', 'observation-mine', 'mine', 'org-a');
    for (const answer of [await me.put('/fhir/Observation/observation-mine', observation), await me.post('/fhir/Observation', { ...observation, id: undefined }), await me.delete('/fhir/Observation/observation-other')]) {
      expect(answer.status).toBe(403);
    }
  });

  it('sees the audit trail and the access log of their own record only', async () => {
    expect((await me.get('/fhir/AuditEvent?patient=other')).status).toBe(403);
    expect((await me.get('/fhir/AuditEvent?agent=doc')).body.entry).toEqual([]);
    const otherEvent = (await central.ctx.db.query<{ id: string }>(`SELECT id FROM audit_event WHERE patient_id = 'other' LIMIT 1`)).rows[0]!.id;
    expect((await me.get(`/fhir/AuditEvent/${otherEvent}`)).status).toBe(404);
    expect((await me.get('/cabinet/access-log?patient=other')).status).toBe(400);
    expect((await me.get('/fhir/_changes')).status).toBe(403);
    expect((await me.get('/audit/break-glass')).status).toBe(403);
  });

  it('reaches no one else\'s appointment through the cabinet', async () => {
    const appointments = await me.get('/cabinet/appointments');
    expect(appointments.status).toBe(200);
    expect(holdsNothingOfOther(appointments.body)).toBe(true);
    const cancel = await me.post('/cabinet/appointments/appointment-other/cancel', {}, { 'content-type': 'application/json' });
    expect(cancel.status).toBe(404);
    const stored = await central.ctx.db.query<{ status: string }>(`SELECT content->>'status' AS status FROM resource WHERE id = 'appointment-other'`);
    expect(stored.rows[0]!.status).toBe('proposed');
  });
});

/** Every resource an answer carries: itself, or a Bundle's entries (nested bundles opened). */
function resourcesIn(body: unknown): Resource[] {
  const resource = body as Resource | undefined;
  if (!resource || typeof resource !== 'object' || typeof resource.resourceType !== 'string' || resource.resourceType === 'OperationOutcome') return [];
  if (resource.resourceType !== 'Bundle') return [resource];
  return (resource.entry ?? []).flatMap((entry) => resourcesIn(entry.resource));
}
