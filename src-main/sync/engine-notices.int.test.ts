import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { editResource } from '../../test/sim/support/local-work.js';
import { startTestClinic, type TestClinic } from '../../test/sim/support/test-clinic.js';

let clinic: TestClinic;
beforeAll(async () => {
  clinic = await startTestClinic();
});
afterAll(async () => clinic?.close());

describe('change notices', () => {
  it('bring an edit made on one workstation to another of the clinic without anyone syncing there', async () => {
    // Polling is put an hour away: only a notice from Central can make B pull.
    const quiet = { listen: true, pollMs: 3_600_000, fallbackPollMs: 3_600_000 };
    const a = await clinic.workstation(quiet);
    const b = await clinic.workstation(quiet);
    await a.engine.syncNow();
    await b.engine.syncNow();
    const online: boolean[] = [];
    b.engine.onChange(({ status }) => online.push(status.online));
    a.engine.start();
    b.engine.start();
    // B is connected once Central's first notice made it sync.
    await vi.waitFor(() => expect(online).toContain(true), { timeout: 30_000 });

    // The first edit after Central started also pays for loading the R4 definitions; the second is the usual case.
    for (const [attempt, phone] of ['+375295550000', '+375295550001'].entries()) {
      const edited = performance.now();
      editResource<Patient & { id: string }>(a.store, 'Patient', 'cp-0', (p) => ({ ...p, telecom: [{ system: 'phone', value: phone }] }), new Date());
      a.engine.nudge();
      await vi.waitFor(() => expect(b.store.resources.get<Patient>('Patient', 'cp-0')?.telecom?.[0]?.value).toBe(phone), { timeout: 30_000, interval: 20 });
      // A figure, not an assertion (timings depend on the machine): the goal is under 2 s.
      console.log(`[sync] edit ${attempt + 1} on A reached B's store ${Math.round(performance.now() - edited)} ms later, by a change notice`);
    }
    await a.engine.stop();
    await b.engine.stop();
  });

  it('fall back to polling when the stream is not there', async () => {
    const a = await clinic.workstation();
    const b = await clinic.workstation({ listen: false, fallbackPollMs: 200 });
    await a.engine.syncNow();
    await b.engine.syncNow();
    b.engine.start();
    editResource<Patient & { id: string }>(a.store, 'Patient', 'cp-1', (p) => ({ ...p, telecom: [{ system: 'phone', value: '+375295551111' }] }), new Date());
    await a.engine.syncNow();
    await vi.waitFor(() => expect(b.store.resources.get<Patient>('Patient', 'cp-1')?.telecom?.[0]?.value).toBe('+375295551111'), { timeout: 30_000, interval: 50 });
  });
});
