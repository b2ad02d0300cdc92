import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/sync/version.js';
import { bearerFor, staffPrincipal } from '../../test/support/auth.js';
import { startTestCentral, type TestCentral } from '../../test/support/central.js';
import { clinic, encounter, patient } from '../../test/sim/support/fhir.js';
import { enrolWorkstation, seedClinic, seedResources } from '../../test/sim/support/seed-central.js';
import { deviceTokenOf, postJson, syncCaller } from '../../test/sim/support/sync-http.js';

const ORG = 'notice-clinic';
let central: TestCentral;
let devices: { deviceId: string; token: string }[];

beforeAll(async () => {
  central = await startTestCentral({ icd10File: undefined });
  const now = new Date();
  await seedClinic(central.ctx.db, clinic(ORG, 2, now), now);
  await seedResources(central.ctx.db, [patient('stranger', 300), encounter('se-1', 'stranger', 'elsewhere', now)], now);
  devices = [];
  for (const name of ['A', 'B']) {
    const device = await enrolWorkstation(central.ctx.db, ORG, name, now);
    devices.push({ deviceId: device.deviceId, token: await deviceTokenOf(central.url, device.deviceId, device.deviceSecret) });
  }
});
afterAll(async () => central?.close());

/** Reads server-sent events from /sync/events until `count` "changes" events have come. */
async function listen(deviceId: string, token: string) {
  const controller = new AbortController();
  const response = await fetch(`${central.url}/sync/events?clientId=${deviceId}&protocolVersion=${PROTOCOL_VERSION}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let seen = 0;
  let text = '';
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    async waitFor(count: number): Promise<void> {
      while (seen < count) {
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        text += value;
        seen = text.split('\n\n').filter((block) => block.includes('event: changes')).length;
      }
    },
    close: () => controller.abort(),
  };
}

describe('/sync/events', () => {
  it('tells a workstation of the same clinic that there are changes, with no data', async () => {
    const [a, b] = devices as [(typeof devices)[0], (typeof devices)[0]];
    const stream = await listen(b.deviceId, b.token);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    await stream.waitFor(1); // sent on connecting, so a returning workstation pulls what it missed
    const pushed = await syncCaller(central.url, a.deviceId, a.token).push([{ mutationId: 1, kind: 'create', args: { resource: patient('new-one', 301, ORG) } }]);
    expect(pushed.body.results[0].status).toBe('applied');
    await stream.waitFor(2);
    stream.close();
  });

  it('tells a workstation when a patient of its scope changed by any other way (FHIR REST, institutions)', async () => {
    const b = devices[1]!;
    await syncCaller(central.url, b.deviceId, b.token).pullAll();
    const stream = await listen(b.deviceId, b.token);
    await stream.waitFor(1);
    await seedResources(central.ctx.db, [{ ...patient('new-one', 301, ORG), telecom: [{ system: 'phone', value: '+375291234567' }] }], new Date());
    await stream.waitFor(2);
    stream.close();
  });

  it('refuses a caller that may not sync as that client', async () => {
    const response = await fetch(`${central.url}/sync/events?clientId=${devices[0]!.deviceId}&protocolVersion=${PROTOCOL_VERSION}`, {
      headers: bearerFor(central, staffPrincipal('doctor', { organizationId: ORG })),
    });
    expect(response.status).toBe(403);
  });
});

describe('/sync/fetch-patient', () => {
  const staffOf = (role: 'doctor' | 'registrar') => bearerFor(central, staffPrincipal(role, { organizationId: ORG, deviceId: devices[0]!.deviceId, subject: `${role}-1` })).authorization!.slice(7);

  it('gives a person the whole record with a stated reason, audited as break-the-glass, and pins it', async () => {
    const answer = await syncCaller(central.url, devices[0]!.deviceId, staffOf('doctor')).fetchPatient('stranger', 'Emergency admission, unconscious', 3);
    expect(answer.status).toBe(200);
    expect(answer.body.resources.map((r: { id: string }) => r.id).sort()).toEqual(['se-1', 'stranger']);
    const { rows } = await central.ctx.db.query<{ break_glass: boolean; agent_subject: string; content: { purposeOfEvent: { text: string }[] } }>(
      `SELECT break_glass, agent_subject, content FROM audit_event WHERE patient_id = 'stranger'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.break_glass).toBe(true);
    expect(rows[0]!.agent_subject).toBe('doctor-1');
    const content = typeof rows[0]!.content === 'string' ? JSON.parse(rows[0]!.content) : rows[0]!.content;
    expect(content.purposeOfEvent[0].text).toBe('Emergency admission, unconscious');
    const pages = await syncCaller(central.url, devices[0]!.deviceId, devices[0]!.token).pullAll();
    expect(pages.flatMap((p) => p.scopeChanges.entered)).toContain('stranger');
  });

  it('gives a registrar only what a registrar may read', async () => {
    const answer = await syncCaller(central.url, devices[0]!.deviceId, staffOf('registrar')).fetchPatient('stranger', 'Booking a referral');
    expect(answer.body.resources.map((r: { resourceType: string }) => r.resourceType)).toEqual(['Patient']);
  });

  it('needs a reason and a person', async () => {
    const noReason = await postJson(`${central.url}/sync/fetch-patient`, { protocolVersion: PROTOCOL_VERSION, clientId: devices[0]!.deviceId, patientId: 'stranger', reason: ' ' }, staffOf('doctor'));
    expect(noReason.status).toBe(400);
    expect(noReason.body.issue[0].expression).toEqual(['reason']);
    const byDevice = await syncCaller(central.url, devices[0]!.deviceId, devices[0]!.token).fetchPatient('stranger', 'Overnight prefetch');
    expect(byDevice.status).toBe(403);
  });
});

describe('device token', () => {
  it('is refused by the FHIR API and stops working when the device is revoked', async () => {
    const device = await enrolWorkstation(central.ctx.db, ORG, 'C', new Date());
    const token = await deviceTokenOf(central.url, device.deviceId, device.deviceSecret);
    expect((await fetch(`${central.url}/fhir/Patient/stranger`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
    expect((await syncCaller(central.url, device.deviceId, token).pull()).status).toBe(200);
    const admin = bearerFor(central, staffPrincipal('clinic-admin', { organizationId: ORG }));
    expect((await fetch(`${central.url}/auth/devices/${device.deviceId}/revoke`, { method: 'POST', headers: admin })).status).toBe(200);
    expect((await syncCaller(central.url, device.deviceId, token).pull()).status).toBe(401);
    const again = await postJson(`${central.url}/auth/token`, { grant_type: 'client_credentials', client_id: device.deviceId, client_secret: device.deviceSecret });
    expect(again.status).toBe(401);
  });
});
