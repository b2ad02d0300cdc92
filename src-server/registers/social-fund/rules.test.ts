import { describe, expect, it } from 'vitest';
import type { FundOperation } from './fund.js';
import { applyOperation, type CertificateState } from './rules.js';

const open: FundOperation = {
  kind: 'open', personalNumber: '3010190H001PB7', patientName: 'Иванов Иван', issuerUnp: '700000018', issuerName: 'УЗ', practitioner: 'Петров',
  reason: 'disease', diagnosis: 'J06.9', from: '2025-03-03', to: '2025-03-07',
};

function run(...operations: FundOperation[]) {
  let state: CertificateState | undefined;
  for (const operation of operations) {
    const outcome = applyOperation(state, operation);
    if (!outcome.ok) return outcome;
    state = outcome.state;
  }
  return { ok: true as const, state };
}

describe('sick-leave certificate rules', () => {
  it('opens, extends and closes a certificate', () => {
    expect(run(open, { kind: 'extend', to: '2025-03-14', practitioner: 'Петров' }, { kind: 'close', returnToWorkOn: '2025-03-12', practitioner: 'Петров' })).toEqual({
      ok: true,
      state: { status: 'closed', from: '2025-03-03', to: '2025-03-11' },
    });
  });

  it('refuses what the Fund refuses, saying why', () => {
    expect(run(open, open)).toMatchObject({ ok: false, reason: expect.stringContaining('already open') });
    expect(run({ ...open, to: '2025-03-01' })).toMatchObject({ ok: false, reason: expect.stringContaining('before it starts') });
    expect(run({ ...open, to: '2025-04-10' })).toMatchObject({ ok: false, reason: expect.stringContaining('30 days') });
    expect(run(open, { kind: 'extend', to: '2025-03-05', practitioner: 'П' })).toMatchObject({ ok: false, reason: expect.stringContaining('after the current') });
    expect(run(open, { kind: 'close', returnToWorkOn: '2025-03-20', practitioner: 'П' })).toMatchObject({ ok: false, reason: expect.stringContaining('extend it first') });
    expect(run(open, { kind: 'cancel', reason: 'ошибка' }, { kind: 'extend', to: '2025-03-10', practitioner: 'П' })).toMatchObject({ ok: false, reason: 'The certificate is cancelled' });
    expect(run({ kind: 'cancel', reason: 'x' })).toMatchObject({ ok: false, reason: 'There is no such certificate' });
  });

  it('stops a certificate at 120 days', () => {
    const extensions: FundOperation[] = ['2025-04-02', '2025-05-02', '2025-06-01'].map((to) => ({ kind: 'extend', to, practitioner: 'П' }));
    expect(run(open, ...extensions)).toMatchObject({ ok: true, state: { to: '2025-06-01' } });
    expect(run(open, ...extensions, { kind: 'extend', to: '2025-07-01', practitioner: 'П' })).toMatchObject({ ok: false, reason: expect.stringContaining('120 days') });
  });
});
