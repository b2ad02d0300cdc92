import { join } from 'node:path';
import type { Appointment, AuditEvent, Schedule, Slot } from '@medplum/fhirtypes';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiMethod } from '../../shared/api/methods.js';
import type { StaffUser } from '../../shared/api/session.js';
import { makePersonalNumber } from '../../shared/domain/personal-number.js';
import { bookingRefusalOutcome } from '../../shared/fhir/booking-refusal.js';
import { localWorkPorts } from '../../test/fixtures/workstation/store-ports.js';
import { refusedWrites } from '../../test/fixtures/workstation/refused-writes.js';
import { makeTempDir } from '../../test/fixtures/workstation/temp-dir.js';
import { LocalStore } from '../db/local-store.js';
import { generateDatabaseKey } from '../keys/database-key.js';
import { createHandlerMap } from './handler-map.js';
import type { WorkstationPorts } from './ports.js';

/**
 * Reads of patient data on the workstation leave one 'search' AuditEvent per patient shown, as
 * Central audits its own views; a call refused after its patient is known leaves one failure event
 * (outcome 4); a refusal resolved by booking commits the booking, its event and the refusal's
 * dismissal together. All through the handler map over a real encrypted store.
 */

const NOW = new Date('2026-03-02T09:00:00Z');
const registrar: StaffUser = { id: 'u-reg', username: 'registrar', displayName: 'Регистратор Тестовая', role: 'registrar' };
const doctor: StaffUser = { id: 'u-doc', username: 'doctor', displayName: 'Доктор Тестовый', role: 'doctor' };

let dir: ReturnType<typeof makeTempDir>;
let path: string;
const key = generateDatabaseKey();
let store: LocalStore;
let caller: StaffUser = registrar;
let map: ReturnType<typeof createHandlerMap>;

/** The ports of local work, with a logged-in session: whoever `caller` is. */
function sessionPorts(): WorkstationPorts {
  const ports = localWorkPorts(store, () => NOW);
  ports.session = { status: () => ({ state: 'active', user: caller }), touch: () => {} } as unknown as WorkstationPorts['session'];
  ports.sync = { ...ports.sync, onChange: () => () => {} };
  return ports;
}

async function call<M extends ApiMethod>(method: M, input: unknown, as: StaffUser = registrar) {
  caller = as;
  const result = await map.call(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value as never;
}
async function refused(method: ApiMethod, input: unknown, as: StaffUser = registrar) {
  caller = as;
  const result = await map.call(method, input);
  if (result.ok) throw new Error(`${method} was expected to be refused`);
  return result.error;
}

const trail = (): AuditEvent[] => store.audit.undelivered(100_000);
const patientOf = (event: AuditEvent) => /^Patient\/(.+)$/.exec(event.entity?.find((e) => e.what?.reference?.startsWith('Patient/'))?.what?.reference ?? '')?.[1];
const queryOf = (event: AuditEvent) => {
  const query = event.entity?.find((e) => e.query)?.query;
  return query ? Buffer.from(query, 'base64').toString('utf8') : undefined;
};
/** The events a call added to the trail. */
async function eventsOf(run: () => Promise<unknown>): Promise<AuditEvent[]> {
  const before = new Set(trail().map((event) => event.id));
  await run();
  return trail().filter((event) => !before.has(event.id));
}
/** One successful 'search' event per patient, each naming what was searched. */
function expectSearches(events: AuditEvent[], patientIds: string[], resourceType: string): void {
  expect(events.map(patientOf).sort()).toEqual([...patientIds].sort());
  for (const event of events) {
    expect(event).toMatchObject({ action: 'E', subtype: [{ code: 'search' }], outcome: '0' });
    expect(queryOf(event)).toMatch(new RegExp(`^${resourceType}\\?`));
  }
}

const refusals = refusedWrites(() => path, key);
const refuseOn = (table: string, operation: 'INSERT' | 'UPDATE') => refusals.refuse(table, operation);
const acceptWrites = () => refusals.accept();

const slot = (id: string, start: string): Slot => ({
  resourceType: 'Slot',
  id,
  meta: { versionId: '1' },
  schedule: { reference: 'Schedule/sch-1' },
  status: 'free',
  start,
  end: new Date(Date.parse(start) + 20 * 60_000).toISOString(),
});
const schedule: Schedule = { resourceType: 'Schedule', id: 'sch-1', meta: { versionId: '1' }, active: true, actor: [{ reference: 'Practitioner/pr-1', display: 'Лукашевич О. И.' }] };

let anna: string;
let boris: string;
const register = async (sequence: number, given: string): Promise<string> =>
  ((await call('patients.register', { personalNumber: makePersonalNumber('1980-04-12', 'female', 'H', sequence), family: 'Ковалёва', given, birthDate: '1980-04-12', sex: 'female' })) as { patient: { id: string } }).patient.id;

beforeAll(async () => {
  dir = makeTempDir();
  path = join(dir.path, 'store.db');
  store = LocalStore.open(path, key);
  map = createHandlerMap(sessionPorts());
  anna = await register(601, 'Анна');
  boris = await register(602, 'Борис');
  store.resources.upsertMany([schedule, slot('slot-a', '2026-03-02T10:00:00Z'), slot('slot-b', '2026-03-02T10:20:00Z'), slot('slot-c', '2026-03-02T10:40:00Z'), slot('slot-d', '2026-03-02T11:00:00Z')]);
  await call('schedule.book', { slotId: 'slot-a', patientId: anna, appointmentId: 'appt-a' });
  await call('schedule.book', { slotId: 'slot-b', patientId: boris, appointmentId: 'appt-b' });
});
afterEach(acceptWrites);
afterAll(() => {
  store.close();
  dir.remove();
});

describe('a read of patient data', () => {
  it('the day list, the schedule by day and by week: one search event per patient shown, the query naming what was searched', async () => {
    expectSearches(await eventsOf(() => call('day.list', { from: '2026-03-02', days: 1 })), [anna, boris], 'Appointment');
    for (const days of [1, 7]) {
      expectSearches(await eventsOf(() => call('schedule.view', { scheduleId: 'sch-1', from: '2026-03-02', days })), [anna, boris], 'Appointment');
    }
    // A day nobody is booked on shows no patient and leaves no event.
    expect(await eventsOf(() => call('schedule.view', { scheduleId: 'sch-1', from: '2026-03-09', days: 1 }))).toEqual([]);
  });

  it('the walk-in queue, the preventive list and an already-registered patient found by personal number', async () => {
    await call('schedule.addWalkIn', { patientId: boris });
    expectSearches(await eventsOf(() => call('schedule.walkIns', { date: '2026-03-02' })), [boris], 'Appointment');
    const due = await eventsOf(async () => expect((await call('schedule.preventiveDue', {})) as { entries: unknown[] }).toMatchObject({ entries: [{}, {}] }));
    expectSearches(due, [anna, boris], 'Patient');
    const found = await eventsOf(() => call('patients.lookupRegister', { personalNumber: makePersonalNumber('1980-04-12', 'female', 'H', 601) }));
    expectSearches(found, [anna], 'Patient');
  });

  it('sick-leave certificates answered from this store (Central out of reach): one event for the patient', async () => {
    const events = await eventsOf(async () => expect(await call('sickLeave.list', { patientId: anna }, doctor)).toMatchObject({ refreshed: false }));
    expectSearches(events, [anna], 'SickLeaveCertificate');
    expect(queryOf(events[0]!)).toBe(`SickLeaveCertificate?patient=${anna}`);
  });

  it('leaves nothing when the read fails, and shows nothing when the trail refuses its events', async () => {
    expect(await eventsOf(() => refused('schedule.view', { scheduleId: 'sch-1', from: '2026-03-02', days: 3 }))).toEqual([]);
    refuseOn('audit_local', 'INSERT');
    const before = trail().length;
    expect(await refused('schedule.view', { scheduleId: 'sch-1', from: '2026-03-02', days: 1 })).toMatchObject({ code: 'internal' });
    expect(trail()).toHaveLength(before);
  });
});

describe('a refused call about a known patient', () => {
  it('leaves one failure event (outcome 4) for a role refusal, a rule refusal and a taken slot, and nothing of the act', async () => {
    const opening = { patientId: anna, reason: 'disease', diagnosis: 'J06.9', from: '2026-03-02', to: '2026-03-06' };
    const byRole = await eventsOf(async () => expect(await refused('sickLeave.open', opening, registrar)).toMatchObject({ code: 'forbidden' }));
    expect(byRole.map((event) => [patientOf(event), event.action, event.outcome])).toEqual([[anna, 'C', '4']]);

    const steps = store.sickLeave.steps().length;
    const byRule = await eventsOf(async () => expect(await refused('sickLeave.open', { ...opening, from: '2026-03-06', to: '2026-03-02' }, doctor)).toMatchObject({ code: 'invalid' }));
    expect(byRule.map((event) => [patientOf(event), event.action, event.outcome])).toEqual([[anna, 'C', '4']]);
    expect(store.sickLeave.steps()).toHaveLength(steps);

    const taken = await eventsOf(async () => expect(await refused('schedule.book', { slotId: 'slot-a', patientId: boris, appointmentId: 'appt-taken' })).toMatchObject({ code: 'conflict' }));
    expect(taken.map((event) => [patientOf(event), event.action, event.outcome])).toEqual([[boris, 'C', '4']]);
    expect(store.resources.get('Appointment', 'appt-taken')).toBeUndefined();
  });

  it('leaves none for input refused before any patient is known', async () => {
    expect(await eventsOf(async () => expect(await refused('schedule.book', { slotId: 'slot-a' })).toMatchObject({ code: 'invalid' }))).toEqual([]);
  });
});

describe('a refused booking resolved by booking an alternative', () => {
  const fileRefusal = (mutationId: number) => {
    const refusedAppointment: Appointment = { resourceType: 'Appointment', id: `appt-refused-${mutationId}`, status: 'booked', start: '2026-03-02T10:00:00Z', participant: [{ actor: { reference: `Patient/${anna}` }, status: 'accepted' }] };
    store.inbox.add({
      mutationId,
      kind: 'rejected',
      outcome: bookingRefusalOutcome({ code: 'slot-taken', message: 'The slot was taken', slotId: 'slot-a', patient: { patientId: anna, name: 'Ковалёва Анна', phone: null, birthDate: '1980-04-12' }, alternatives: [] }),
      local: { kind: 'book', args: { slotId: 'slot-a', appointment: refusedAppointment } },
    }, NOW);
    return store.inbox.open().at(-1)!.id;
  };

  it('commits the booking, its event and the dismissal together: when the dismissal fails, no booking either', async () => {
    const id = String(fileRefusal(9001));
    const outbox = store.outbox.pendingCount();
    refuseOn('inbox', 'UPDATE');
    expect(await refused('schedule.resolveRefusal', { id, slotId: 'slot-c' })).toMatchObject({ code: 'internal' });
    expect(store.appointments.startingBetween('2026-03-02T10:40:00Z', '2026-03-02T10:41:00Z')).toEqual([]);
    expect(store.outbox.pendingCount()).toBe(outbox);
    expect(((await call('schedule.refusals', {})) as { items: { id: string }[] }).items.map((item) => item.id)).toContain(id);

    acceptWrites();
    const resolved = (await call('schedule.resolveRefusal', { id, slotId: 'slot-c' })) as { booked: { appointment: { patientId: string } } };
    expect(resolved.booked.appointment.patientId).toBe(anna);
    expect(((await call('schedule.refusals', {})) as { items: { id: string }[] }).items.map((item) => item.id)).not.toContain(id);
    expect(store.outbox.pendingCount()).toBe(outbox + 1);
  });

  it('an alternative taken meanwhile: one failure event for the refused booking\'s patient, the refusal left open; a dismissal alone leaves none', async () => {
    const id = String(fileRefusal(9003));
    const taken = await eventsOf(async () => expect(await refused('schedule.resolveRefusal', { id, slotId: 'slot-b' })).toMatchObject({ code: 'conflict' }));
    expect(taken.map((event) => [patientOf(event), event.action, event.outcome])).toEqual([[anna, 'C', '4']]);
    expect(((await call('schedule.refusals', {})) as { items: { id: string }[] }).items.map((item) => item.id)).toContain(id);
    expect(await eventsOf(() => call('schedule.resolveRefusal', { id }))).toEqual([]);
  });

  it('the list of refusals shown: one search event for its patient', async () => {
    fileRefusal(9002);
    expectSearches(await eventsOf(() => call('schedule.refusals', {})), [anna], 'Appointment');
  });
});

describe('a refused command naming only an appointment or a certificate', () => {
  const officer: StaffUser = { id: 'u-priv', username: 'privacy', displayName: 'Инспектор Тестовая', role: 'privacy-officer' };
  const acts = (events: AuditEvent[]) => events.map((event) => [patientOf(event), event.action, event.outcome]);
  const statusOf = (appointmentId: string) => store.resources.get<Appointment>('Appointment', appointmentId)?.status;
  const opening = { reason: 'disease', diagnosis: 'J06.9', from: '2026-03-02', to: '2026-03-06' };
  beforeAll(async () => {
    store.resources.upsertMany([slot('slot-e', '2026-03-03T10:00:00Z'), slot('slot-f', '2026-03-03T10:20:00Z'), slot('slot-g', '2026-03-03T10:40:00Z')]);
    await call('schedule.book', { slotId: 'slot-e', patientId: anna, appointmentId: 'appt-e' });
    await call('schedule.book', { slotId: 'slot-f', patientId: boris, appointmentId: 'appt-f' });
    // A certificate Central listed for Anna (opened elsewhere), kept in this store.
    const view = { id: 'cert-central', patientId: anna, encounterId: null, ...opening, status: 'open', period: { from: opening.from, to: opening.to }, fund: { status: 'confirmed', certificateNumber: '900000000001', message: null } };
    store.sickLeave.replaceForPatient(anna, [{ id: view.id, view }], NOW);
  });

  it('a desk command refused by role, rule or taken slot leaves one failure event naming the appointment\'s patient, and nothing of the act', async () => {
    const byRole = await eventsOf(async () => expect(await refused('schedule.cancel', { appointmentId: 'appt-e', reason: 'Пациент позвонил' }, officer)).toMatchObject({ code: 'forbidden' }));
    expect(acts(byRole)).toEqual([[anna, 'U', '4']]);
    const taken = await eventsOf(async () => expect(await refused('schedule.reschedule', { appointmentId: 'appt-e', slotId: 'slot-f' })).toMatchObject({ code: 'conflict' }));
    expect(acts(taken)).toEqual([[anna, 'U', '4']]);
    const noShowEarly = await eventsOf(async () => expect(await refused('schedule.mark', { appointmentId: 'appt-f', status: 'noshow' })).toMatchObject({ code: 'conflict' }));
    expect(acts(noShowEarly)).toEqual([[boris, 'U', '4']]);
    const notQueued = await eventsOf(async () => expect(await refused('schedule.walkInAction', { appointmentId: 'appt-f', action: 'call' })).toMatchObject({ code: 'invalid' }));
    expect(acts(notQueued)).toEqual([[boris, 'U', '4']]);
    expect([statusOf('appt-e'), statusOf('appt-f')]).toEqual(['booked', 'booked']);
  });

  it('a desk command that goes through leaves exactly one event, of success; moving it once cancelled is refused with one failure', async () => {
    const { entry } = (await call('schedule.addWalkIn', { patientId: anna })) as { entry: { appointmentId: string } };
    expect(acts(await eventsOf(() => call('schedule.walkInAction', { appointmentId: entry.appointmentId, action: 'call' })))).toEqual([[anna, 'U', '0']]);
    expect(acts(await eventsOf(() => call('schedule.mark', { appointmentId: 'appt-f', status: 'arrived' })))).toEqual([[boris, 'U', '0']]);
    expect(acts(await eventsOf(() => call('schedule.reschedule', { appointmentId: 'appt-e', slotId: 'slot-g' })))).toEqual([[anna, 'U', '0']]);
    expect(acts(await eventsOf(() => call('schedule.cancel', { appointmentId: 'appt-e', reason: 'Пациент позвонил' })))).toEqual([[anna, 'U', '0']]);
    const cancelledMoved = await eventsOf(async () => expect(await refused('schedule.reschedule', { appointmentId: 'appt-e', slotId: 'slot-e' })).toMatchObject({ code: 'conflict' }));
    expect(acts(cancelledMoved)).toEqual([[anna, 'U', '4']]);
  });

  it('a certificate\'s step refused by role or rule leaves one failure event naming its patient (opened here or listed by Central); one done leaves one event', async () => {
    const { certificate } = (await call('sickLeave.open', { patientId: boris, ...opening }, doctor)) as { certificate: { id: string } };
    const steps = store.sickLeave.steps().length;
    const byRole = await eventsOf(async () => expect(await refused('sickLeave.change', { certificateId: certificate.id, action: 'extend', to: '2026-03-10' }, registrar)).toMatchObject({ code: 'forbidden' }));
    expect(acts(byRole)).toEqual([[boris, 'U', '4']]);
    const byRule = await eventsOf(async () => expect(await refused('sickLeave.change', { certificateId: certificate.id, action: 'extend', to: '2026-03-01' }, doctor)).toMatchObject({ code: 'invalid' }));
    expect(acts(byRule)).toEqual([[boris, 'U', '4']]);
    expect(store.sickLeave.steps()).toHaveLength(steps);
    expect(acts(await eventsOf(() => call('sickLeave.change', { certificateId: certificate.id, action: 'extend', to: '2026-03-10' }, doctor)))).toEqual([[boris, 'U', '0']]);

    const centralByRole = await eventsOf(async () => expect(await refused('sickLeave.change', { certificateId: 'cert-central', action: 'close', returnToWorkOn: '2026-03-07' }, registrar)).toMatchObject({ code: 'forbidden' }));
    expect(acts(centralByRole)).toEqual([[anna, 'U', '4']]);
    expect(acts(await eventsOf(() => call('sickLeave.change', { certificateId: 'cert-central', action: 'close', returnToWorkOn: '2026-03-07' }, doctor)))).toEqual([[anna, 'U', '0']]);
  });

  it('leaves none when the appointment or the certificate is not on this workstation: no known patient', async () => {
    const cancel = { appointmentId: 'appt-nowhere', reason: 'Пациент позвонил' };
    expect(await eventsOf(async () => expect(await refused('schedule.cancel', cancel)).toMatchObject({ code: 'not-found' }))).toEqual([]);
    expect(await eventsOf(async () => expect(await refused('schedule.cancel', cancel, officer)).toMatchObject({ code: 'forbidden' }))).toEqual([]);
    expect(await eventsOf(async () => expect(await refused('schedule.mark', { appointmentId: 'appt-nowhere', status: 'arrived' })).toMatchObject({ code: 'not-found' }))).toEqual([]);
    const extend = { certificateId: 'cert-nowhere', action: 'extend', to: '2026-03-10' };
    expect(await eventsOf(async () => expect(await refused('sickLeave.change', extend, doctor)).toMatchObject({ code: 'not-found' }))).toEqual([]);
    expect(await eventsOf(async () => expect(await refused('sickLeave.change', extend, registrar)).toMatchObject({ code: 'forbidden' }))).toEqual([]);
  });
});
