import type { AuditEvent } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import type { FreeSlot } from '../../shared/api/schedule-views.js';
import { localDateOf } from '../../shared/domain/zoned-time.js';
import { useDeskWorkstation } from '../../test/fixtures/workstation/desk-workstation.js';

/**
 * The desk's reads and refusals, audited on the workstation, reach Central's trail in the shape it
 * records its own: a schedule view as a 'search' per patient shown with the query, a booking of a
 * taken slot as a failed 'create' about the patient; each once, however often the workstation syncs.
 */
const desk = useDeskWorkstation();
const { call, refused, sync } = desk;

describe('the desk’s audit, delivered to Central', () => {
  it('a schedule view and a refused booking arrive once each as a search and a failure', async () => {
    const [slot] = (await call<{ slots: FreeSlot[] }>('schedule.nextFree', { scheduleId: desk.scheduleId, visitType: 'follow-up', limit: 1 })).slots;
    await call('schedule.book', { slotId: slot!.slotId, patientId: 'desk-1' });
    const trail = () => desk.t.ws.store().audit.undelivered(10_000);
    const before = new Set(trail().map((event) => event.id));
    const from = localDateOf(slot!.start, 'Europe/Minsk');
    await call('schedule.view', { scheduleId: desk.scheduleId, from, days: 1 });
    expect(await refused('schedule.book', { slotId: slot!.slotId, patientId: 'desk-2' })).toMatchObject({ code: 'conflict' });
    const added: AuditEvent[] = trail().filter((event) => !before.has(event.id));
    const search = added.find((event) => event.action === 'E' && event.entity?.some((e) => e.what?.reference === 'Patient/desk-1'));
    const failure = added.find((event) => event.outcome === '4');
    expect(search).toBeDefined();
    expect(failure).toMatchObject({ action: 'C', entity: [{ what: { reference: 'Patient/desk-2' } }] });

    await sync();
    await sync();
    const { rows } = await desk.clinic.central.ctx.db.query<{ id: string; action: string; outcome: string; patient_id: string; device_id: string; query: string | null }>(
      `SELECT id, action, outcome, patient_id, device_id, (SELECT e->>'query' FROM jsonb_array_elements(content->'entity') e WHERE e ? 'query') AS query FROM audit_event WHERE id = ANY($1) ORDER BY action`,
      [added.map((event) => event.id)],
    );
    expect(rows).toHaveLength(added.length);
    const deviceId = desk.t.ws.enrolment()!.deviceId;
    expect(rows.find((row) => row.id === search!.id)).toMatchObject({ action: 'search', outcome: 'success', patient_id: 'desk-1', device_id: deviceId });
    expect(Buffer.from(rows.find((row) => row.id === search!.id)!.query!, 'base64').toString('utf8')).toBe(`Appointment?scheduleId=${desk.scheduleId}&from=${from}&days=1`);
    expect(rows.find((row) => row.id === failure!.id)).toMatchObject({ action: 'create', outcome: 'failure', patient_id: 'desk-2', device_id: deviceId });
  });
});
