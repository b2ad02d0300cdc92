import type { Bundle, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, ROLE_MATRIX, SUPPORTED_TYPES, isAllowed, type Action, type SupportedType } from '../../shared/domain/access.js';
import { ROLES, type Role } from '../../shared/domain/roles.js';
import { bearerFor } from '../../test/support/auth.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { client, isOutcome, type Answer } from '../../test/support/http.js';
import { minimalResource } from '../../test/support/minimal-resources.js';
import { patientCompartmentOf } from '../../shared/fhir/compartment.js';
import { writeResources } from '../fhir/write.js';
import type { Principal } from './principal.js';

/**
 * The whole role matrix, walked over HTTP: every role × every supported type × every way of
 * reaching it (read, vread, search by GET and POST, instance and type history, create, update,
 * delete, the same as batch entries, and Patient/$everything). Each cell expects exactly what
 * ROLE_MATRIX says: allowed cells succeed (2xx), refused ones are a 403 OperationOutcome. A grant
 * the routes give without the matrix, or a refusal the matrix does not make, fails the test.
 */

const ORG = 'org-matrix';
const PATIENT = 'mx-patient';
const STORED = SUPPORTED_TYPES.filter((type): type is Exclude<SupportedType, 'AuditEvent'> => type !== 'AuditEvent');

/** The ways a request reaches a type, and the matrix action each one needs. */
const WAYS = {
  read: 'read',
  vread: 'read',
  'search GET': 'search',
  'search POST': 'search',
  'history instance': 'history',
  'history type': 'history',
  create: 'create',
  update: 'update',
  delete: 'delete',
  'batch GET read': 'read',
  'batch GET vread': 'read',
  'batch GET search': 'search',
  'batch POST': 'create',
  'batch PUT': 'update',
  'batch DELETE': 'delete',
} as const satisfies Record<string, Action>;
type Way = keyof typeof WAYS;

function principalOf(role: Role): Principal {
  if (role === 'patient') return { kind: 'patient', subject: `account-${PATIENT}`, display: 'Пациент матрицы', roles: ['patient'], patientId: PATIENT };
  if (role === 'institution') return { kind: 'client', subject: 'mx-lab', display: 'Матричная лаборатория', roles: ['institution'], organizationId: ORG };
  return { kind: 'user', subject: `mx-${role}`, display: `Матрица ${role}`, roles: [role], organizationId: ORG };
}

/** The stored resource a read of `type` looks at: the patient's own Patient, or one about them. */
const readTarget = (type: string) => (type === 'Patient' ? PATIENT : `mx-${type}-read`);
const target = (type: string, purpose: 'update' | 'delete' | 'batch-update' | 'batch-delete', role: Role) => `mx-${type}-${purpose}-${role}`;

interface Cell {
  role: Role;
  type: string;
  way: Way | '$everything';
  allowed: boolean;
  status: number;
  body: unknown;
}

describe('the role matrix over HTTP', () => {
  let central: TestCentral;
  let auditEventId: string;
  const cells: Cell[] = [];

  beforeAll(async () => {
    central = await startTestCentral();
    const stored: (Resource & { id: string })[] = [
      { resourceType: 'Organization', id: ORG, name: 'Матричная поликлиника' },
      { resourceType: 'Practitioner', id: 'mx-practitioner', name: [{ family: 'Врач' }] },
      { resourceType: 'Schedule', id: 'mx-schedule', actor: [{ reference: 'Practitioner/mx-practitioner' }] },
      { ...minimalResource('Patient', PATIENT, PATIENT, ORG) },
    ];
    for (const type of STORED) {
      if (type !== 'Patient') stored.push(minimalResource(type, readTarget(type), PATIENT, ORG));
      // Targets of the writes a role may make; a refused write names an id that does not exist, so
      // a missing check would show as a 201 (PUT creates) or a 404, never as the expected 403.
      for (const role of ROLES) {
        if (isAllowed([role], 'update', type)) for (const purpose of ['update', 'batch-update'] as const) stored.push(minimalResource(type, target(type, purpose, role), PATIENT, ORG));
        if (isAllowed([role], 'delete', type)) for (const purpose of ['delete', 'batch-delete'] as const) stored.push(minimalResource(type, target(type, purpose, role), PATIENT, ORG));
      }
    }
    await central.ctx.db.transaction((tx) => writeResources(tx, stored.map((resource) => ({ kind: 'update' as const, resource })), central.ctx.now()));
    // An audit record the privacy officer (same organisation) and the patient (about them) may read.
    const read = await client(central).get(`/fhir/Patient/${PATIENT}`, bearerFor(central, principalOf('doctor')));
    expect(read.status).toBe(200);
    auditEventId = (await central.ctx.db.query<{ id: string }>(`SELECT id FROM audit_event WHERE patient_id = $1 LIMIT 1`, [PATIENT])).rows[0]!.id;
  });
  afterAll(() => central.close());

  it('answers every cell as ROLE_MATRIX says: no unexpected allow, no unexpected deny', async () => {
    const requests: (() => Promise<void>)[] = [];
    for (const role of ROLES) {
      const http = client(central, bearerFor(central, principalOf(role)));
      const record = (type: string, way: Way | '$everything', allowed: boolean, answer: Pick<Answer, 'status' | 'body'>) => {
        cells.push({ role, type, way, allowed, status: answer.status, body: answer.body });
      };
      const allowedTo = (way: Way, type: string) => isAllowed([role], WAYS[way], type);
      for (const type of STORED) {
        const id = readTarget(type);
        const rest: [Way, () => Promise<Answer>][] = [
          ['read', () => http.get(`/fhir/${type}/${id}`)],
          ['vread', () => http.get(`/fhir/${type}/${id}/_history/1`)],
          ['search GET', () => http.get(`/fhir/${type}?_id=${id}`)],
          ['search POST', () => http.post(`/fhir/${type}/_search`, new URLSearchParams({ _id: id }))],
          ['history instance', () => http.get(`/fhir/${type}/${id}/_history`)],
          ['history type', () => http.get(`/fhir/${type}/_history?_count=5`)],
          ['create', () => http.post(`/fhir/${type}`, withoutId(minimalResource(type, 'x', PATIENT, ORG)))],
          ['update', () => http.put(`/fhir/${type}/${target(type, 'update', role)}`, minimalResource(type, target(type, 'update', role), PATIENT, ORG))],
          ['delete', () => http.delete(`/fhir/${type}/${target(type, 'delete', role)}`)],
        ];
        for (const [way, call] of rest) requests.push(async () => record(type, way, allowedTo(way, type), await call()));
      }
      // One batch per role holding every type's entries; each entry is a cell of its own.
      requests.push(async () => {
        const entries: { type: string; way: Way; entry: NonNullable<Bundle['entry']>[number] }[] = [];
        for (const type of SUPPORTED_TYPES) {
          const stored = type !== 'AuditEvent';
          const id = stored ? readTarget(type) : auditEventId;
          const resource = stored ? minimalResource(type, 'x', PATIENT, ORG) : { resourceType: 'AuditEvent' };
          const updated = stored ? minimalResource(type, target(type, 'batch-update', role), PATIENT, ORG) : { resourceType: 'AuditEvent', id };
          entries.push(
            { type, way: 'batch GET read', entry: { request: { method: 'GET', url: `${type}/${id}` } } },
            { type, way: 'batch GET vread', entry: { request: { method: 'GET', url: `${type}/${id}/_history/1` } } },
            { type, way: 'batch GET search', entry: { request: { method: 'GET', url: `${type}?_id=${id}` } } },
            { type, way: 'batch POST', entry: { request: { method: 'POST', url: type }, resource: withoutId(resource) as Resource } },
            { type, way: 'batch PUT', entry: { request: { method: 'PUT', url: `${type}/${stored ? target(type, 'batch-update', role) : id}` }, resource: updated as Resource } },
            { type, way: 'batch DELETE', entry: { request: { method: 'DELETE', url: `${type}/${stored ? target(type, 'batch-delete', role) : id}` } } },
          );
        }
        const answer = await http.post('/fhir', { resourceType: 'Bundle', type: 'batch', entry: entries.map((e) => e.entry) });
        expect(answer.status, `batch of ${role}`).toBe(200);
        const responses = (answer.body as Bundle).entry ?? [];
        expect(responses).toHaveLength(entries.length);
        entries.forEach(({ type, way }, i) => {
          const response = responses[i]!.response!;
          // The audit trail is never served through bundles (it is read at /fhir/AuditEvent):
          // every AuditEvent entry is refused, the reads the matrix grants included.
          const allowed = type === 'AuditEvent' ? false : allowedTo(way, type);
          record(type, way, allowed, { status: Number(response.status.split(' ')[0]), body: response.outcome ?? responses[i]!.resource });
        });
      });
      // The audit trail: its own routes, the same matrix.
      const audit: [Way, () => Promise<Answer>][] = [
        ['read', () => http.get(`/fhir/AuditEvent/${auditEventId}`)],
        ['vread', () => http.get(`/fhir/AuditEvent/${auditEventId}/_history/1`)],
        ['search GET', () => http.get(`/fhir/AuditEvent?patient=${PATIENT}`)],
        ['search POST', () => http.post('/fhir/AuditEvent/_search', new URLSearchParams({ patient: PATIENT }))],
        ['history instance', () => http.get(`/fhir/AuditEvent/${auditEventId}/_history`)],
        ['history type', () => http.get('/fhir/AuditEvent/_history')],
        ['create', () => http.post('/fhir/AuditEvent', { resourceType: 'AuditEvent' })],
        ['update', () => http.put(`/fhir/AuditEvent/${auditEventId}`, { resourceType: 'AuditEvent', id: auditEventId })],
        ['delete', () => http.delete(`/fhir/AuditEvent/${auditEventId}`)],
      ];
      for (const [way, call] of audit) requests.push(async () => record('AuditEvent', way, allowedTo(way, 'AuditEvent'), await call()));
      requests.push(async () => {
        const answer = await http.get(`/fhir/Patient/${PATIENT}/$everything?_count=1000`);
        record('Patient', '$everything', isAllowed([role], 'read', 'Patient'), answer);
        if (answer.status !== 200) return;
        // $everything holds only what the role may read, type by type.
        const types = new Set(((answer.body as Bundle).entry ?? []).map((entry) => entry.resource!.resourceType));
        for (const type of types) expect(isAllowed([role], 'read', type), `${role} got ${type} from $everything`).toBe(true);
        const inCompartment = STORED.filter((type) => patientCompartmentOf(minimalResource(type, 'x', PATIENT, ORG)) !== undefined);
        for (const type of inCompartment) if (isAllowed([role], 'read', type)) expect(types.has(type), `${role} missed ${type} in $everything`).toBe(true);
      });
    }
    await inParallel(requests, 6);

    const wrong = cells.filter((cell) => (cell.allowed ? !succeeded(cell) : cell.status !== 403 || !isOutcome(cell.body)));
    const cellCount = ROLES.length * SUPPORTED_TYPES.length * Object.keys(WAYS).length + ROLES.length;
    console.log(
      `role matrix: ${ROLES.length} roles × ${SUPPORTED_TYPES.length} types × ${Object.keys(WAYS).length} ways + $everything per role = ${cells.length} cells walked ` +
        `(${cells.filter((c) => c.allowed).length} allowed, ${cells.filter((c) => !c.allowed).length} refused); matrix data: ${ROLES.length} × ${SUPPORTED_TYPES.length} × ${ACTIONS.length} actions`,
    );
    expect(cells).toHaveLength(cellCount);
    expect(wrong.map((cell) => `${cell.role} ${cell.way} ${cell.type}: expected ${cell.allowed ? 'allow' : '403'}, got ${cell.status} ${summary(cell.body)}`)).toEqual([]);
  }, 300_000);

  it('covers every role and every type the matrix names', () => {
    expect(Object.keys(ROLE_MATRIX).sort()).toEqual([...ROLES].sort());
    for (const grants of Object.values(ROLE_MATRIX)) for (const type of Object.keys(grants)) expect(SUPPORTED_TYPES).toContain(type);
  });
});

/**
 * An allowed cell succeeds. One exception, which is the compartment's and not the matrix's: a
 * Provenance names no patient of its own (it points at what it is about), so it is in no patient's
 * compartment and a patient reading one by id (or its history) is told it does not exist (404), as
 * for anyone else's.
 */
function succeeded(cell: Cell): boolean {
  if (cell.role === 'patient' && cell.type === 'Provenance' && /read|history instance/.test(cell.way)) return cell.status === 404;
  return cell.status >= 200 && cell.status <= 299;
}

function withoutId(resource: object): object {
  const { id: _id, ...rest } = resource as { id?: string };
  return rest;
}

function summary(body: unknown): string {
  const issue = (body as { issue?: { details?: { text?: string } }[] } | undefined)?.issue?.[0];
  return issue?.details?.text?.slice(0, 160) ?? '';
}

async function inParallel(work: readonly (() => Promise<void>)[], width: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < work.length) await work[next++]!();
    }),
  );
}
