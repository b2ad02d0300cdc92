import { describe, expect, it } from 'vitest';
import type { CachedCertificate, SickLeaveStepRow } from '../../db/sick-leave.js';
import { certificatesOf } from './sick-leave-view.js';
import { REFUSAL_SYSTEM } from '../../../shared/fhir/outcomes.js';

const open = { action: 'open', certificateId: 'c1', patientId: 'p1', encounterId: 'e1', reason: 'disease', diagnosis: 'J06.9', from: '2025-03-03', to: '2025-03-07' };
const step = (mutationId: number, args: object, status: SickLeaveStepRow['status'] = 'pending', createdAt = '2025-03-03T09:00:00.000Z', refusal: string | null = null): SickLeaveStepRow => ({
  mutationId,
  args,
  status,
  createdAt,
  refusal: refusal ? { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', details: { text: refusal } }] } : null,
});
const central = (fund: { status: 'pending' | 'confirmed' | 'refused'; certificateNumber?: string; message?: string }, fetchedAt = '2025-03-03T10:00:00.000Z', to = '2025-03-07'): CachedCertificate => ({
  id: 'c1',
  patientId: 'p1',
  fetchedAt,
  view: { id: 'c1', patientId: 'p1', encounterId: 'e1', reason: 'disease', diagnosis: 'J06.9', status: 'open', period: { from: '2025-03-03', to }, fund: { certificateNumber: null, message: null, ...fund } },
});

describe('a certificate as the workstation shows it', () => {
  it('is pending while its steps wait here, with the steps applied by the rules', () => {
    const [c] = certificatesOf('p1', [], [step(1, open), step(2, { action: 'extend', certificateId: 'c1', to: '2025-03-12' })]);
    expect(c).toMatchObject({ id: 'c1', state: 'pending', pendingSteps: ['open', 'extend'], period: { to: '2025-03-12' }, asOf: null });
    expect(certificatesOf('p2', [], [step(1, open)])).toEqual([]);
  });

  it('is sent once Central has the steps, until Central’s view shows the Fund’s answer', () => {
    expect(certificatesOf('p1', [], [step(1, open, 'applied')])[0]).toMatchObject({ state: 'sent', pendingSteps: [] });
    expect(certificatesOf('p1', [central({ status: 'pending' })], [step(1, open, 'applied')])[0]).toMatchObject({ state: 'sent', asOf: '2025-03-03T10:00:00.000Z' });
    const accepted = central({ status: 'confirmed', certificateNumber: 'ЭЛН-2025-000001' });
    expect(certificatesOf('p1', [accepted], [step(1, open, 'applied')])[0]).toMatchObject({ state: 'accepted', certificateNumber: 'ЭЛН-2025-000001' });
    // Sent after that view was fetched: the view cannot show it yet.
    const later = step(2, { action: 'extend', certificateId: 'c1', to: '2025-03-10' }, 'applied', '2025-03-03T11:00:00.000Z');
    expect(certificatesOf('p1', [accepted], [step(1, open, 'applied'), later])[0]).toMatchObject({ state: 'sent', period: { to: '2025-03-10' }, certificateNumber: 'ЭЛН-2025-000001' });
  });

  it('is refused with the reason while Central’s refusal waits in the inbox, and by the Fund with its message', () => {
    const refusedExtend = step(2, { action: 'extend', certificateId: 'c1', to: '2025-03-10' }, 'rejected', '2025-03-03T11:00:00.000Z', 'The certificate is cancelled');
    expect(certificatesOf('p1', [central({ status: 'confirmed' })], [step(1, open, 'applied'), refusedExtend])[0]).toMatchObject({ state: 'refused', message: 'The certificate is cancelled', period: { to: '2025-03-07' } });
    expect(certificatesOf('p1', [], [step(1, open, 'rejected', undefined, 'The patient has no personal number')])[0]).toMatchObject({ state: 'refused', status: 'open' });
    // Dismissed in the inbox: a refused open exists nowhere, so it goes.
    expect(certificatesOf('p1', [], [step(1, open, 'rejected')])).toEqual([]);
    expect(certificatesOf('p1', [central({ status: 'refused', message: 'Duplicate certificate' })], [step(1, open, 'applied')])[0]).toMatchObject({ state: 'refused', message: 'Duplicate certificate', messageCode: null });
  });

  it('keeps the machine code of Central\'s refusal for the screen to say in the doctor\'s language', () => {
    const coded = step(2, { action: 'extend', certificateId: 'c1', to: '2025-03-10' }, 'rejected', '2025-03-03T11:00:00.000Z', 'The certificate is cancelled');
    coded.refusal!.issue![0]!.details!.coding = [{ system: REFUSAL_SYSTEM, code: 'sick-leave.not-open' }];
    expect(certificatesOf('p1', [central({ status: 'confirmed' })], [step(1, open, 'applied'), coded])[0]).toMatchObject({ state: 'refused', message: 'The certificate is cancelled', messageCode: 'sick-leave.not-open' });
  });
});
