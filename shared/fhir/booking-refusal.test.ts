import { describe, expect, it } from 'vitest';
import { bookingRefusalOutcome, readBookingRefusal, type BookingRefusal } from './booking-refusal.js';

const refusal: BookingRefusal = {
  code: 'slot-taken',
  message: 'Slot/s1 is already booked',
  slotId: 's1',
  patient: { patientId: 'p1', name: 'Жук Алесь Пятровіч', phone: '+375291234567', birthDate: '1980-02-03' },
  alternatives: [
    { slotId: 's2', scheduleId: 'sch1', start: '2025-03-10T05:20:00.000Z', end: '2025-03-10T05:40:00.000Z', visitType: 'follow-up', practitionerId: 'doc1', display: 'Иванова А. П., терапевт', specialty: { code: 'therapist', display: 'Терапевт' } },
    { slotId: 's9', scheduleId: 'sch2', start: '2025-03-10T06:00:00.000Z', end: '2025-03-10T06:20:00.000Z', visitType: null, practitionerId: null, display: 'Петров', specialty: null },
  ],
};

describe('booking refusal', () => {
  it('travels inside an OperationOutcome and reads back whole', () => {
    const outcome = bookingRefusalOutcome(refusal);
    expect(outcome.issue[0]).toMatchObject({ severity: 'error', code: 'conflict', details: { text: 'Slot/s1 is already booked' } });
    expect(readBookingRefusal(JSON.parse(JSON.stringify(outcome)))).toEqual(refusal);
  });

  it('reads a refusal without patient or alternatives', () => {
    const bare: BookingRefusal = { code: 'daily-limit', message: 'Too many bookings today', slotId: null, patient: null, alternatives: [] };
    const outcome = bookingRefusalOutcome(bare);
    expect(outcome.issue[0]!.code).toBe('throttled');
    expect(readBookingRefusal(outcome)).toEqual(bare);
  });

  it('is undefined for any other OperationOutcome', () => {
    expect(readBookingRefusal({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'conflict', details: { text: 'stale' } }] })).toBeUndefined();
    expect(readBookingRefusal(undefined)).toBeUndefined();
    expect(readBookingRefusal({ resourceType: 'Patient' })).toBeUndefined();
  });
});
