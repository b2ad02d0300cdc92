import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/sync/version.js';
import { encounter, patient } from '../../test/sim/support/fhir.js';
import { chartOpened, createResource, editResource, registerPatient } from '../../test/sim/support/local-work.js';
import { startTestClinic, syncUntil, type TestClinic, type TestWorkstation } from '../../test/sim/support/test-clinic.js';

let clinic: TestClinic;
let a: TestWorkstation;
let b: TestWorkstation;

beforeAll(async () => {
  clinic = await startTestClinic();
  a = await clinic.workstation();
  b = await clinic.workstation();
  await a.engine.syncNow();
  await b.engine.syncNow();
});
afterAll(async () => clinic?.close());

async function centralVersions(type: string, id: string): Promise<number> {
  const { rows } = await clinic.central.ctx.db.query<{ n: string }>(`SELECT count(*) AS n FROM resource_history WHERE resource_type = $1 AND id = $2`, [type, id]);
  return Number(rows[0]!.n);
}

describe('push', () => {
  it('sends local work and brings back Central’s version; the other workstation receives it', async () => {
    registerPatient(a.store, patient('reg-1', 700, clinic.organizationId), new Date());
    createResource(a.store, encounter('enc-1', 'reg-1', clinic.organizationId, new Date()), new Date());
    expect(a.engine.status().pending).toBe(2);
    const status = await a.engine.syncNow();
    expect(status).toMatchObject({ pending: 0, online: true, lastError: null, rejections: 0 });
    expect(a.store.resources.versionOf('Patient', 'reg-1')).toBe(1);
    await b.engine.syncNow();
    expect(b.store.resources.get('Encounter', 'enc-1')).toMatchObject({ meta: { versionId: '1' } });
  });

  it('retries after failures and still applies each mutation exactly once', async () => {
    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      calls++;
      if (calls === 1) throw new TypeError('fetch failed'); // the network is down
      if (calls === 2) return new Response('{"resourceType":"OperationOutcome","issue":[]}', { status: 503, headers: { 'retry-after': '0' } });
      const response = await fetch(input, init);
      if (calls === 3) throw new TypeError('socket hang up'); // Central committed, the answer is lost
      return response;
    };
    a.engine = a.restart({ fetch: flaky });
    editResource<Patient & { id: string }>(a.store, 'Patient', 'reg-1', (p) => ({ ...p, telecom: [{ system: 'phone', value: '+375290000001' }] }), new Date());
    const down = await a.engine.syncNow();
    expect(down).toMatchObject({ online: false, pending: 1 });
    expect(down.lastError).toMatch(/cannot be reached/);
    expect((await a.engine.syncNow()).lastError).toMatch(/busy/);
    expect((await a.engine.syncNow()).pending).toBe(1); // sent and applied, but we never heard
    const healed = await a.engine.syncNow();
    expect(healed).toMatchObject({ online: true, pending: 0, lastError: null });
    expect(await centralVersions('Patient', 'reg-1')).toBe(2);
    expect(a.store.resources.get<Patient>('Patient', 'reg-1')!.telecom![0]!.value).toBe('+375290000001');
    // The answer that carried version 2 was lost: the feed brings it.
    await syncUntil(a, () => a.store.resources.versionOf('Patient', 'reg-1') === 2);
  });

  it('files a refusal in the inbox and puts the replica back to what Central holds', async () => {
    // The same person registered again under another id: Central keeps one Patient per person.
    registerPatient(a.store, patient('reg-dup', 700, clinic.organizationId), new Date());
    const status = await a.engine.syncNow();
    expect(status).toMatchObject({ pending: 0, rejections: 1, conflicts: 0 });
    expect(a.store.resources.get('Patient', 'reg-dup')).toBeUndefined();
    const [item] = a.engine.inbox();
    expect(item).toMatchObject({ kind: 'rejected', resourceType: 'Patient', resourceId: 'reg-dup', central: null });
    expect(item!.reason).toMatch(/personal number/);
    expect(item!.patient!.name).toMatch(/\S/);
    expect(item!.local).toContainEqual({ path: 'birthDate', value: patient('x', 700).birthDate });
    await expect(a.engine.resolve(item!.id, 'keep-local')).rejects.toThrow(/dismissed/);
    await a.engine.resolve(item!.id, 'dismiss');
    expect(a.engine.status().rejections).toBe(0);
  });

  it('shows a stale edit as a conflict with both versions; keep-local resends on top of Central’s', async () => {
    await syncUntil(b, () => b.store.resources.versionOf('Patient', 'reg-1') === 2);
    const rename = (family: string) => (p: Patient & { id: string }) => ({ ...p, name: [{ ...p.name![0], family }] });
    editResource(a.store, 'Patient', 'reg-1', rename('Первая'), new Date());
    editResource(b.store, 'Patient', 'reg-1', rename('Вторая'), new Date());
    await a.engine.syncNow();
    const status = await b.engine.syncNow();
    expect(status.conflicts).toBe(1);
    const [item] = b.engine.inbox();
    expect(item!.kind).toBe('conflict');
    expect(item!.local).toContainEqual({ path: 'name[0].family', value: 'Вторая' });
    expect(item!.central).toContainEqual({ path: 'name[0].family', value: 'Первая' });
    expect(b.store.resources.get<Patient>('Patient', 'reg-1')!.name![0]!.family).toBe('Первая');

    await b.engine.resolve(item!.id, 'keep-local');
    expect(b.store.resources.get<Patient>('Patient', 'reg-1')!.name![0]!.family).toBe('Вторая');
    expect(await b.engine.syncNow()).toMatchObject({ conflicts: 0, pending: 0 });
    await syncUntil(a, () => a.store.resources.get<Patient>('Patient', 'reg-1')!.name![0]!.family === 'Вторая');
  });

  it('keep-central drops the local version', async () => {
    const rename = (family: string) => (p: Patient & { id: string }) => ({ ...p, name: [{ ...p.name![0], family }] });
    editResource(a.store, 'Patient', 'reg-1', rename('Третья'), new Date());
    editResource(b.store, 'Patient', 'reg-1', rename('Четвёртая'), new Date());
    await b.engine.syncNow();
    await a.engine.syncNow();
    const [item] = a.engine.inbox();
    await a.engine.resolve(item!.id, 'keep-central');
    expect(a.store.resources.get<Patient>('Patient', 'reg-1')!.name![0]!.family).toBe('Четвёртая');
    expect(await a.engine.syncNow()).toMatchObject({ conflicts: 0, pending: 0 });
  });

  it('sends locally recorded AuditEvents exactly once', async () => {
    a.store.audit.record(chartOpened('aud-1', 'reg-1', 'doctor-1', clinic.organizationId, new Date()));
    a.store.audit.record(chartOpened('aud-2', 'reg-1', 'doctor-1', clinic.organizationId, new Date()));
    await a.engine.syncNow();
    await a.engine.syncNow();
    expect(a.store.audit.undelivered()).toEqual([]);
    const { rows } = await clinic.central.ctx.db.query<{ id: string; device_id: string | null }>(`SELECT id FROM audit_event WHERE id IN ('aud-1', 'aud-2') ORDER BY id`);
    expect(rows.map((r) => r.id)).toEqual(['aud-1', 'aud-2']);
  });

  it('reports "update required" when Central speaks another protocol version, and keeps the change', async () => {
    const future: typeof fetch = (input, init) => fetch(input, { ...init, body: typeof init?.body === 'string' ? init.body.replace(`"protocolVersion":${PROTOCOL_VERSION}`, `"protocolVersion":${PROTOCOL_VERSION + 1}`) : init?.body });
    a.engine = a.restart({ fetch: future });
    createResource(a.store, encounter('enc-2', 'reg-1', clinic.organizationId, new Date()), new Date());
    const status = await a.engine.syncNow();
    expect(status.lastError).toMatch(new RegExp(`Update required.*version ${PROTOCOL_VERSION}`));
    expect(status.pending).toBe(1);
    a.engine = a.restart();
    expect((await a.engine.syncNow()).pending).toBe(0);
  });
});
