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
    await vi.waitFor(() => expect(online).toContain(true), { timeout: 10_000 });

    editResource<Patient & { id: string }>(a.store, 'Patient', 'cp-0', (p) => ({ ...p, telecom: [{ system: 'phone', value: '+375295550000' }] }), new Date());
    a.engine.nudge();
    await vi.waitFor(() => expect(b.store.resources.get<Patient>('Patient', 'cp-0')?.telecom?.[0]?.value).toBe('+375295550000'), { timeout: 10_000, interval: 50 });
  });
});
