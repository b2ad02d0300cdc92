import { describe, expect, it } from 'vitest';
import { ScheduleDefinitionInputSchema } from './schedule.js';
import { ScheduleViewQuerySchema } from './schedule-views.js';

const valid = {
  practitionerId: 'doc-1',
  locationId: 'room-214',
  specialty: { code: 'therapist', display: 'Терапевт' },
  slotMinutes: { 'follow-up': 15, preventive: 30 },
  hours: [
    { weekday: 1, start: '08:00', end: '12:00' },
    { weekday: 1, start: '12:00', end: '14:00', visitType: 'preventive' },
  ],
};

describe('ScheduleDefinitionInputSchema', () => {
  it('fills the defaults: Minsk time, four weeks ahead, follow-ups', () => {
    const parsed = ScheduleDefinitionInputSchema.parse(valid);
    expect(parsed).toMatchObject({ timeZone: 'Europe/Minsk', horizonWeeks: 4, defaultVisitType: 'follow-up', active: true, breaks: [], holidays: [], absences: [] });
  });

  it('names the field that is wrong', () => {
    const issues = (input: unknown) => ScheduleDefinitionInputSchema.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues({ ...valid, hours: [{ weekday: 1, start: '10:00', end: '09:00' }] })).toEqual(['hours.0: start must be before end']);
    expect(issues({ ...valid, hours: [{ weekday: 2, start: '08:00', end: '10:00', visitType: 'procedure' }] })).toEqual(['hours.0.visitType: no slot length is set for procedure']);
    expect(issues({ ...valid, hours: [...valid.hours, { weekday: 1, start: '13:00', end: '15:00' }] })).toEqual(['hours.2: overlaps hours[1] on the same weekday']);
    expect(issues({ ...valid, timeZone: 'Mars/Olympus' })).toEqual(['timeZone: unknown time zone']);
    expect(issues({ ...valid, absences: [{ from: '2025-03-10', to: '2025-03-01', reason: 'vacation' }] })).toEqual(['absences.0: from must not be after to']);
    expect(issues({ ...valid, hours: [{ weekday: 8, start: '08:00', end: '09:00' }] })[0]).toMatch(/^hours\.0\.weekday/);
  });
});

describe('ScheduleViewQuerySchema', () => {
  it('takes one of schedule, practitioner or specialty, and at most a week', () => {
    expect(ScheduleViewQuerySchema.parse({ from: '2025-03-10', days: '7', specialty: 'therapist' })).toEqual({ from: '2025-03-10', days: 7, specialty: 'therapist' });
    expect(ScheduleViewQuerySchema.safeParse({ from: '2025-03-10', scheduleId: 'a', specialty: 'therapist' }).success).toBe(false);
    expect(ScheduleViewQuerySchema.safeParse({ from: '2025-03-10', days: 8, scheduleId: 'a' }).success).toBe(false);
  });
});
