import { describe, expect, it } from 'vitest';
import { absenceAt, closedAllDay, planSlots, type SlotRules } from './slot-plan.js';
import { isoWeekday, localDateOf, localTimeOf, zonedToUtc } from './zoned-time.js';

const rules: SlotRules = {
  timeZone: 'Europe/Minsk',
  // Monday: preventive examinations 08:00-09:00 (30 min), then follow-ups 09:00-12:00 (20 min).
  hours: [
    { weekday: 1, start: '08:00', end: '09:00', visitType: 'preventive' },
    { weekday: 1, start: '09:00', end: '12:00' },
    { weekday: 3, start: '14:00', end: '16:00', visitType: 'procedure' },
  ],
  breaks: [{ start: '10:30', end: '11:00' }],
  slotMinutes: { preventive: 30, 'follow-up': 20, procedure: 45 },
  defaultVisitType: 'follow-up',
  holidays: ['2025-03-17'],
  absences: [
    { from: '2025-03-24', to: '2025-03-26', reason: 'vacation' },
    { from: '2025-03-12', to: '2025-03-12', startTime: '15:00', endTime: '16:00', reason: 'training' },
  ],
};

describe('zoned time', () => {
  it('converts Minsk wall-clock time (UTC+3) to UTC and back', () => {
    expect(zonedToUtc('2025-03-10', '08:00', 'Europe/Minsk').toISOString()).toBe('2025-03-10T05:00:00.000Z');
    expect(localDateOf('2025-03-09T22:30:00Z', 'Europe/Minsk')).toBe('2025-03-10');
    expect(localTimeOf('2025-03-10T05:20:00Z', 'Europe/Minsk')).toBe('08:20');
  });

  it('follows daylight saving where a zone has it', () => {
    expect(zonedToUtc('2025-01-15', '09:00', 'Europe/Berlin').toISOString()).toBe('2025-01-15T08:00:00.000Z');
    expect(zonedToUtc('2025-07-15', '09:00', 'Europe/Berlin').toISOString()).toBe('2025-07-15T07:00:00.000Z');
  });

  it('numbers weekdays from Monday', () => {
    expect(isoWeekday('2025-03-10')).toBe(1);
    expect(isoWeekday('2025-03-16')).toBe(7);
  });
});

describe('planSlots', () => {
  it('cuts each block into slots of its visit type and skips the break', () => {
    const monday = planSlots(rules, '2025-03-10', '2025-03-11');
    const local = monday.map((s) => `${localTimeOf(s.start, 'Europe/Minsk')}-${localTimeOf(s.end, 'Europe/Minsk')} ${s.visitType}`);
    expect(local).toEqual([
      '08:00-08:30 preventive',
      '08:30-09:00 preventive',
      '09:00-09:20 follow-up',
      '09:20-09:40 follow-up',
      '09:40-10:00 follow-up',
      '10:00-10:20 follow-up',
      // 10:20-10:40 would run into the 10:30 break: the next slot starts when the break ends.
      '11:00-11:20 follow-up',
      '11:20-11:40 follow-up',
      '11:40-12:00 follow-up',
    ]);
    expect(monday.every((s) => s.date === '2025-03-10')).toBe(true);
  });

  it('gives nothing on days without hours, holidays and whole-day absences', () => {
    expect(planSlots(rules, '2025-03-11', '2025-03-12')).toEqual([]); // Tuesday: no hours
    expect(planSlots(rules, '2025-03-17', '2025-03-18')).toEqual([]); // a holiday Monday
    expect(planSlots(rules, '2025-03-24', '2025-03-25')).toEqual([]); // vacation
    expect(closedAllDay(rules, '2025-03-17')).toBe('holiday');
    expect(closedAllDay(rules, '2025-03-25')).toBe('vacation');
    expect(closedAllDay(rules, '2025-03-10')).toBeUndefined();
  });

  it('treats an absence with hours as a pause on those days only', () => {
    const wednesday = planSlots(rules, '2025-03-12', '2025-03-13').map((s) => localTimeOf(s.start, 'Europe/Minsk'));
    // 14:00-14:45 fits; 14:45-15:30 would cross the 15:00 training, and nothing fits after 16:00.
    expect(wednesday).toEqual(['14:00']);
    expect(planSlots(rules, '2025-03-19', '2025-03-20').map((s) => localTimeOf(s.start, 'Europe/Minsk'))).toEqual(['14:00', '14:45']);
    expect(absenceAt(rules, '2025-03-12', 15 * 60 + 10)?.reason).toBe('training');
    expect(absenceAt(rules, '2025-03-12', 14 * 60)).toBeUndefined();
  });

  it('covers several weeks', () => {
    const slots = planSlots(rules, '2025-03-10', '2025-04-07');
    const mondays = new Set(slots.filter((s) => s.visitType !== 'procedure').map((s) => s.date));
    expect([...mondays]).toEqual(['2025-03-10', '2025-03-31']); // 17th a holiday, 24th vacation
  });
});
