import { describe, expect, it } from 'vitest';
import { ScheduleDefinitionInputSchema } from '../../../shared/api/schedule.js';
import { locateProblem } from './definition-problem.js';

/** A refusal of a schedule, as the workstation's input check words it, points at the row and input the form shows. */
const refusalOf = (definition: unknown) => {
  const issue = ScheduleDefinitionInputSchema.safeParse(definition).error!.issues[0]!;
  const field = ['definition', ...issue.path].join('.');
  return locateProblem(field, `${field}: ${issue.message}`);
};
const good = {
  practitionerId: 'doc-1',
  locationId: 'room-1',
  specialty: { code: 'therapist', display: 'Терапевт' },
  slotMinutes: { 'follow-up': 20 },
  hours: [{ weekday: 1, start: '08:00', end: '12:00' }],
};

describe('where a refused schedule is wrong', () => {
  it('names the row and the input of bad hours', () => {
    expect(refusalOf({ ...good, hours: [...good.hours, { weekday: 2, start: '08:00', end: '25:00' }] })).toEqual({ place: { section: 'hours', index: 1, input: 'end' }, problem: 'time' });
    expect(refusalOf({ ...good, hours: [{ weekday: 1, start: '12:00', end: '08:00' }] })).toEqual({ place: { section: 'hours', index: 0 }, problem: 'order' });
    expect(refusalOf({ ...good, hours: [...good.hours, { weekday: 1, start: '11:00', end: '13:00' }] })).toEqual({ place: { section: 'hours', index: 1 }, problem: 'overlap' });
    expect(refusalOf({ ...good, hours: [{ weekday: 1, start: '08:00', end: '12:00', visitType: 'procedure' }] })).toEqual({ place: { section: 'hours', index: 0, input: 'visitType' }, problem: 'noLength' });
  });

  it('names an unpicked doctor or place, a bad absence and a bad visit length', () => {
    expect(refusalOf({ ...good, practitionerId: '' })).toEqual({ place: { section: 'practitionerId' }, problem: 'choose' });
    expect(refusalOf({ ...good, absences: [{ from: '2030-03-10', to: '2030-03-01', reason: 'vacation' }] })).toEqual({ place: { section: 'absences', index: 0 }, problem: 'dates' });
    expect(refusalOf({ ...good, slotMinutes: { 'follow-up': 2 } })).toEqual({ place: { section: 'slotMinutes', input: 'follow-up' }, problem: 'number' });
  });

  it('reads Central’s refusal of a place of another clinic', () => {
    expect(locateProblem('definition.locationId', 'Location/room-9 belongs to another organization')).toEqual({ place: { section: 'locationId' }, problem: 'notOfClinic' });
    expect(locateProblem(undefined, 'anything')).toBeNull();
  });
});
