import { addDays } from './vaccination-dates.js';
import type { VisitType } from './visit-types.js';
import { isoWeekday, minutesOf, timeOfMinutes, zonedToUtc } from './zoned-time.js';

/**
 * A doctor's working pattern, as data, and the slots it gives. Hours are wall-clock times in the
 * schedule's time zone; each block of hours is for one visit type, whose slot length the schedule
 * sets, so "Monday 08:00-10:00 preventive examinations, 10:00-14:00 follow-ups" is two blocks.
 */
export interface WorkingHours {
  /** ISO weekday: Monday 1 … Sunday 7. */
  weekday: number;
  start: string;
  end: string;
  /** The visit type of the block; the schedule's default when absent. */
  visitType?: VisitType | undefined;
}

/** A break on every working day, or on one weekday. */
export interface DailyBreak {
  weekday?: number | undefined;
  start: string;
  end: string;
}

export const ABSENCE_REASONS = ['vacation', 'sick-leave', 'training', 'other'] as const;
export type AbsenceReason = (typeof ABSENCE_REASONS)[number];

/** Days the doctor is away (inclusive); with times, only those hours of each of those days. */
export interface Absence {
  from: string;
  to: string;
  startTime?: string | undefined;
  endTime?: string | undefined;
  reason: AbsenceReason;
  note?: string | undefined;
}

export interface SlotRules {
  timeZone: string;
  hours: readonly WorkingHours[];
  breaks: readonly DailyBreak[];
  slotMinutes: Partial<Record<VisitType, number>>;
  defaultVisitType: VisitType;
  /** Dates (YYYY-MM-DD) on which nobody works: public holidays, a closed clinic. */
  holidays: readonly string[];
  absences: readonly Absence[];
}

export interface PlannedSlot {
  /** ISO instants in UTC. */
  start: string;
  end: string;
  visitType: VisitType;
  /** The local date the slot falls on. */
  date: string;
}

interface Interval {
  start: number;
  end: number;
}

/** Every slot the rules give on local dates from `fromDate` up to, not including, `toDate`. */
export function planSlots(rules: SlotRules, fromDate: string, toDate: string): PlannedSlot[] {
  const slots: PlannedSlot[] = [];
  for (let date = fromDate; date < toDate; date = addDays(date, 1)) slots.push(...planDay(rules, date));
  return slots;
}

function planDay(rules: SlotRules, date: string): PlannedSlot[] {
  if (closedAllDay(rules, date)) return [];
  const weekday = isoWeekday(date);
  const gaps = pausesOn(rules, date, weekday);
  const slots: PlannedSlot[] = [];
  const blocks = rules.hours.filter((block) => block.weekday === weekday).sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
  for (const block of blocks) {
    const visitType = block.visitType ?? rules.defaultVisitType;
    const length = rules.slotMinutes[visitType];
    if (!length) throw new RangeError(`No slot length for visit type ${visitType}`);
    const end = minutesOf(block.end);
    let cursor = minutesOf(block.start);
    while (cursor + length <= end) {
      const overlapping = gaps.filter((gap) => gap.start < cursor + length && gap.end > cursor);
      if (overlapping.length > 0) {
        // Resume right after the pause, so the slots after a lunch break start on its end.
        cursor = Math.max(...overlapping.map((gap) => gap.end));
        continue;
      }
      slots.push({ start: instant(date, cursor, rules.timeZone), end: instant(date, cursor + length, rules.timeZone), visitType, date });
      cursor += length;
    }
  }
  return slots;
}

/** Why nobody is seen on `date` at all: a holiday, a whole-day absence, or nothing. */
export function closedAllDay(rules: SlotRules, date: string): 'holiday' | AbsenceReason | undefined {
  if (rules.holidays.includes(date)) return 'holiday';
  const absence = rules.absences.find((a) => a.from <= date && date <= a.to && a.startTime === undefined);
  return absence?.reason;
}

/** The absence covering the instant a slot started at, if any (for telling a patient why). */
export function absenceAt(rules: SlotRules, date: string, minutes: number): Absence | undefined {
  return rules.absences.find((a) => a.from <= date && date <= a.to && (a.startTime === undefined || (minutesOf(a.startTime) <= minutes && minutes < minutesOf(a.endTime ?? '24:00'))));
}

function pausesOn(rules: SlotRules, date: string, weekday: number): Interval[] {
  const breaks = rules.breaks.filter((b) => b.weekday === undefined || b.weekday === weekday).map((b) => ({ start: minutesOf(b.start), end: minutesOf(b.end) }));
  const partial = rules.absences
    .filter((a) => a.from <= date && date <= a.to && a.startTime !== undefined)
    .map((a) => ({ start: minutesOf(a.startTime!), end: minutesOf(a.endTime ?? '24:00') }));
  return [...breaks, ...partial];
}

function instant(date: string, minutes: number, timeZone: string): string {
  return zonedToUtc(date, timeOfMinutes(minutes), timeZone).toISOString();
}
