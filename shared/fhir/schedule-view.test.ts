import type { Appointment, Patient, Schedule, Slot } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { buildScheduleView } from './schedule-view.js';
import { SCHEDULING_EXTENSIONS, SCHEDULING_SYSTEMS } from './scheduling.js';

type WithId<T> = T & { id: string };
const schedule: WithId<Schedule> = {
  resourceType: 'Schedule',
  id: 'sch1',
  extension: [{ url: SCHEDULING_EXTENSIONS.timeZone, valueCode: 'Europe/Minsk' }],
  actor: [{ reference: 'Practitioner/doc1', display: 'Иванова А. П., терапевт' }, { reference: 'Location/room1' }],
  specialty: [{ coding: [{ system: SCHEDULING_SYSTEMS.specialty, code: 'therapist', display: 'Терапевт' }] }],
  comment: 'Иванова А. П., терапевт',
};
const visit = { coding: [{ system: SCHEDULING_SYSTEMS.visitType, code: 'follow-up' }] };
const slot = (id: string, start: string, status: Slot['status']): WithId<Slot> => ({ resourceType: 'Slot', id, schedule: { reference: 'Schedule/sch1' }, serviceType: [visit], status, start, end: start.replace(':00:00', ':20:00') });
const patient: WithId<Patient> = { resourceType: 'Patient', id: 'p1', name: [{ family: 'Жук', given: ['Алесь'] }], telecom: [{ system: 'phone', value: '+375291112233', use: 'mobile' }], birthDate: '1980-02-03' };
const booked: WithId<Appointment> = {
  resourceType: 'Appointment',
  id: 'a1',
  status: 'booked',
  slot: [{ reference: 'Slot/s2' }],
  start: '2025-03-10T06:00:00.000Z',
  participant: [{ actor: { reference: 'Patient/p1' }, status: 'accepted' }],
};
const cancelled: WithId<Appointment> = { ...booked, id: 'a0', status: 'cancelled' };

describe('buildScheduleView', () => {
  it('lays slots out by local day with who holds each one', () => {
    const view = buildScheduleView({
      from: '2025-03-10',
      days: 2,
      schedules: [schedule],
      // 2025-03-10T21:00Z is already the 11th in Minsk.
      slots: [slot('s3', '2025-03-10T21:00:00.000Z', 'free'), slot('s2', '2025-03-10T06:00:00.000Z', 'busy'), slot('s1', '2025-03-10T05:00:00.000Z', 'free'), slot('s4', '2025-03-10T07:00:00.000Z', 'busy-unavailable')],
      appointments: [cancelled, booked],
      patients: [patient],
      pendingSlotIds: new Set(['s2']),
    });
    const column = view.schedules[0]!;
    expect(column).toMatchObject({ scheduleId: 'sch1', practitionerId: 'doc1', locationId: 'room1', specialty: { code: 'therapist' }, timeZone: 'Europe/Minsk' });
    expect(column.days.map((d) => [d.date, d.slots.map((s) => `${s.slotId}:${s.state}`)])).toEqual([
      ['2025-03-10', ['s1:free', 's2:booked', 's4:blocked']],
      ['2025-03-11', ['s3:free']],
    ]);
    const cell = column.days[0]!.slots[1]!;
    expect(cell.pending).toBe(true);
    expect(cell.visitType).toBe('follow-up');
    expect(cell.appointment).toMatchObject({ appointmentId: 'a1', status: 'booked', patient: { name: 'Жук Алесь', phone: '+375291112233' } });
  });
});
