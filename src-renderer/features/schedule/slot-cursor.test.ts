import { describe, expect, it } from 'vitest';
import type { ScheduleView, SlotCell } from '../../../shared/api/schedule-views.js';
import { columnsOf, initialCursor, moveCursor } from './slot-cursor.js';

const slot = (id: string, start: string, state: SlotCell['state'] = 'free'): SlotCell => ({ slotId: id, start, end: start, visitType: 'follow-up', state, appointment: null, pending: false });
const column = (scheduleId: string, days: { date: string; slots: SlotCell[] }[]) => ({ scheduleId, display: scheduleId, practitionerId: null, locationId: null, specialty: null, timeZone: 'Europe/Minsk', days });

const view: ScheduleView = {
  from: '2030-03-04',
  days: 2,
  schedules: [
    column('a', [
      { date: '2030-03-04', slots: [slot('a1', '2030-03-04T05:00:00Z', 'booked'), slot('a2', '2030-03-04T05:30:00Z'), slot('a3', '2030-03-04T06:00:00Z')] },
      { date: '2030-03-05', slots: [slot('a4', '2030-03-05T05:20:00Z')] },
    ]),
    column('b', [{ date: '2030-03-04', slots: [] }, { date: '2030-03-05', slots: [] }]),
    column('c', [{ date: '2030-03-04', slots: [slot('c1', '2030-03-04T05:00:00Z'), slot('c2', '2030-03-04T06:10:00Z')] }, { date: '2030-03-05', slots: [] }]),
  ],
};

describe('the slot cursor', () => {
  const day = columnsOf(view, 'day');
  const week = columnsOf(view, 'week');

  it('starts at the first free slot from the given moment', () => {
    expect(initialCursor(day, new Date('2030-03-04T00:00:00Z'))).toBe('a2');
    expect(initialCursor(day, new Date('2030-03-04T05:45:00Z'))).toBe('a3');
  });

  it('moves up and down within a column and stops at its ends', () => {
    expect(moveCursor(day, 'a2', 'down')).toBe('a3');
    expect(moveCursor(day, 'a3', 'down')).toBe('a3');
    expect(moveCursor(day, 'a1', 'up')).toBe('a1');
    expect(moveCursor(day, 'a2', 'last')).toBe('a3');
  });

  it('moves across to the nearest time of the next column, skipping a doctor who does not work', () => {
    expect(moveCursor(day, 'a3', 'right')).toBe('c2');
    expect(moveCursor(day, 'c1', 'left')).toBe('a1');
    expect(moveCursor(day, 'c2', 'right')).toBe('c2');
    // In a week, right is the next day of the same doctor.
    expect(moveCursor(week, 'a2', 'right')).toBe('a4');
  });
});
