import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SickLeaveCertificate, SickLeaveList } from '../../shared/api/sick-leave.js';
import { startClinicCentral, STAFF_PASSWORD, type ClinicCentral } from '../../test/fixtures/workstation/central-clinic.js';
import { openTestWorkstation } from '../../test/fixtures/workstation/open-test-workstation.js';
import { socialFundOf } from '../../test/fixtures/workstation/social-fund.js';

let clinic: ClinicCentral;
let fund: ReturnType<typeof socialFundOf>;
let t: Awaited<ReturnType<typeof openTestWorkstation>>;
const call = async <T>(method: string, input: unknown = {}): Promise<T> => {
  const result = await t.ws.handlers.call(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
};
const refusal = async (method: string, input: unknown) => {
  const result = await t.ws.handlers.call(method, input);
  if (result.ok) throw new Error(`${method} was expected to fail`);
  return result.error;
};
const list = (patientId = 'cp-0') => call<SickLeaveList>('sickLeave.list', { patientId });
const atCentral = async (certificateId: string) => {
  const { rows } = await clinic.central.ctx.db.query<{ status: string; period_to: string; fund_status: string }>('SELECT status, period_to, fund_status FROM sick_leave_certificate WHERE id = $1', [certificateId]);
  const operations = await clinic.central.ctx.db.query<{ kind: string; status: string }>('SELECT kind, status FROM sick_leave_operation WHERE certificate_id = $1 ORDER BY seq', [certificateId]);
  return { certificate: rows[0], operations: operations.rows.map((op) => `${op.kind}:${op.status}`) };
};

beforeAll(async () => {
  clinic = await startClinicCentral({ patients: 2 });
  fund = socialFundOf(clinic);
  await fund.giveClinicUnp();
  t = await openTestWorkstation(clinic.url);
  await t.ws.enrol({ username: 'admin.p3', password: STAFF_PASSWORD, display: 'Кабинет 204' });
  await call('session.login', { username: 'lukashevich', password: STAFF_PASSWORD });
  await call('sync.now');
});
afterAll(async () => {
  await t?.close();
  await clinic?.close();
});

describe('a sick-leave certificate from the workstation', () => {
  let certificateId: string;

  it('is opened and extended at a visit while Central cannot be reached, pending here; a step against the rules is refused at once', async () => {
    t.network.down = true;
    const { encounterId } = await call<{ encounterId: string }>('visits.save', { patientId: 'cp-0', complaints: 'Насморк, температура 38,2' });
    const { certificate } = await call<{ certificate: SickLeaveCertificate }>('sickLeave.open', { patientId: 'cp-0', encounterId, reason: 'disease', diagnosis: 'j06.9', from: '2025-03-03', to: '2025-03-07' });
    certificateId = certificate.id;
    expect(certificate).toMatchObject({ status: 'open', diagnosis: 'J06.9', state: 'pending', pendingSteps: ['open'], certificateNumber: null, asOf: null, period: { from: '2025-03-03', to: '2025-03-07' } });
    const extended = await call<{ certificate: SickLeaveCertificate }>('sickLeave.change', { certificateId, action: 'extend', to: '2025-03-12' });
    expect(extended.certificate).toMatchObject({ state: 'pending', pendingSteps: ['open', 'extend'], period: { to: '2025-03-12' } });
    expect(await refusal('sickLeave.change', { certificateId, action: 'close', returnToWorkOn: '2025-03-20' })).toMatchObject({ code: 'invalid', field: 'returnToWorkOn' });
    expect(await refusal('sickLeave.open', { patientId: 'cp-0', reason: 'disease', diagnosis: 'J06.9', from: '2025-03-01', to: '2025-04-30' })).toMatchObject({ code: 'invalid' });
    expect(await list()).toEqual({ refreshed: false, certificates: [extended.certificate] });
  });

  it('reaches Central once when the network is back, even when the outbox is sent again', async () => {
    t.network.down = false;
    await call('sync.now');
    expect(await atCentral(certificateId)).toEqual({ certificate: { status: 'open', period_to: '2025-03-12', fund_status: 'pending' }, operations: ['open:pending', 'extend:pending'] });
    // The answer to that push lost on the way back: the same mutations go out again.
    const sent = t.ws.store().sickLeave.steps().map((step) => step.mutationId);
    t.ws.store().outbox.markStatus(sent, 'pending');
    await call('sync.now');
    expect(t.ws.store().outbox.pendingCount()).toBe(0);
    expect((await atCentral(certificateId)).operations).toEqual(['open:pending', 'extend:pending']);
    expect((await list()).certificates).toMatchObject([{ id: certificateId, state: 'sent', pendingSteps: [], asOf: expect.any(String) }]);
  });

  it('shows the Fund\'s answer once the Fund is back, and keeps it for reading offline', async () => {
    fund.simulator.setFaults({ down: true });
    expect(await fund.dispatch()).toMatchObject({ accepted: 0, postponed: 1 });
    expect((await list()).certificates[0]).toMatchObject({ state: 'sent', certificateNumber: null });
    fund.simulator.setFaults({});
    expect(await fund.dispatch(30)).toMatchObject({ accepted: 2 });
    expect(fund.simulator.certificates.get(certificateId)).toMatchObject({ status: 'open', to: '2025-03-12' });
    const accepted = (await list()).certificates[0]!;
    expect(accepted).toMatchObject({ state: 'accepted', certificateNumber: expect.stringMatching(/^ЭЛН-\d{4}-\d{6}$/), message: null });
    t.network.down = true;
    expect(await list()).toEqual({ refreshed: false, certificates: [accepted] });
    // Closed offline: the Fund's number stays, the close waits here.
    const { certificate } = await call<{ certificate: SickLeaveCertificate }>('sickLeave.change', { certificateId, action: 'close', returnToWorkOn: '2025-03-11' });
    expect(certificate).toMatchObject({ status: 'closed', period: { to: '2025-03-10' }, state: 'pending', pendingSteps: ['close'], certificateNumber: accepted.certificateNumber });
    t.network.down = false;
    await call('sync.now');
    await fund.dispatch(60);
    expect((await list()).certificates[0]).toMatchObject({ status: 'closed', state: 'accepted', pendingSteps: [] });
    expect(fund.simulator.certificates.get(certificateId)).toMatchObject({ status: 'closed', to: '2025-03-10' });
  });

  it('lands in the inbox when Central refuses a step (cancelled at Central meanwhile), and shows the refusal on the certificate', async () => {
    const { certificate } = await call<{ certificate: SickLeaveCertificate }>('sickLeave.open', { patientId: 'cp-1', reason: 'care', diagnosis: 'J06.9', from: '2025-04-01', to: '2025-04-05' });
    await call('sync.now');
    expect((await list('cp-1')).certificates[0]).toMatchObject({ id: certificate.id, state: 'sent' });
    await fund.atCentral(`/registers/sick-leave/${certificate.id}/cancel`, { reason: 'Выдан ошибочно' });
    // This workstation still knows it as open: the extension passes here and is refused by Central.
    await call('sickLeave.change', { certificateId: certificate.id, action: 'extend', to: '2025-04-09' });
    await call('sync.now');
    const { items } = await call<{ items: { id: string; kind: string }[] }>('inbox.list');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'rejected' });
    expect((await atCentral(certificate.id)).operations).toEqual(['open:pending', 'cancel:pending']);
    expect((await list('cp-1')).certificates[0]).toMatchObject({ status: 'cancelled', state: 'refused', message: 'The certificate is cancelled' });
    await call('inbox.resolve', { id: items[0]!.id, choice: 'dismiss' });
    expect((await list('cp-1')).certificates[0]).toMatchObject({ status: 'cancelled', state: 'sent', message: null });
  });

  it('is issued by doctors only', async () => {
    await call('session.logout');
    await call('session.login', { username: 'registrar.p3', password: STAFF_PASSWORD });
    expect(await refusal('sickLeave.open', { patientId: 'cp-0', reason: 'disease', diagnosis: 'J06.9', from: '2025-05-01', to: '2025-05-03' })).toMatchObject({ code: 'forbidden' });
    expect(await refusal('sickLeave.list', { patientId: 'cp-0' })).toMatchObject({ code: 'forbidden' });
  });
});
