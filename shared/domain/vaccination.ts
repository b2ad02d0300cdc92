import type { Immunization } from '@medplum/fhirtypes';
import { CHILDHOOD_CATCH_UP_UNTIL, CVX_SYSTEM, NATIONAL_CALENDAR, VACCINATION_CALENDAR_SYSTEM, type CalendarAge, type CalendarSeries, type Confidence } from './vaccination-calendar.js';
import { addDays, addMonths, addYears, datePart } from './vaccination-dates.js';

/** `no-data`: a childhood dose without a record, past the age of catching up (CHILDHOOD_CATCH_UP_UNTIL). */
export type DoseState = 'done' | 'due' | 'overdue' | 'upcoming' | 'no-data';

export interface DoseStatus {
  series: string;
  infection: string;
  dose: number;
  state: DoseState;
  /** When the dose was given (state 'done'). */
  date?: string;
  /** When the calendar gives it. */
  dueDate: string;
  /** From this day on, not given, it is overdue. */
  overdueDate: string;
  confidence: Confidence;
}

export interface VaccinationStatusOptions {
  /** Sex-restricted series (HPV for girls) are listed only when the sex is known and matches. */
  sex?: 'male' | 'female' | 'other' | 'unknown' | undefined;
  calendar?: readonly CalendarSeries[];
}

export function dateAtAge(birthDate: string, age: CalendarAge): string {
  if (age.unit === 'd') return addDays(birthDate, age.amount);
  if (age.unit === 'mo') return addMonths(birthDate, age.amount);
  return addYears(birthDate, age.amount);
}

/** Whether an Immunization counts as a dose of the series: our calendar code or a CVX code it lists. */
export function immunizationMatchesSeries(immunization: Immunization, series: CalendarSeries): boolean {
  return (immunization.vaccineCode?.coding ?? []).some(
    (coding) =>
      (coding.system === VACCINATION_CALENDAR_SYSTEM && coding.code === series.code) ||
      (coding.system === CVX_SYSTEM && coding.code !== undefined && series.cvx.includes(coding.code)),
  );
}

/** Dates of the completed doses of a series, oldest first. Not-done and entered-in-error do not count. */
function givenDates(immunizations: readonly Immunization[], series: CalendarSeries): string[] {
  return immunizations
    .filter((imm) => imm.status === 'completed' && immunizationMatchesSeries(imm, series))
    .map((imm) => datePart(imm.occurrenceDateTime) ?? datePart(imm.recorded))
    .filter((date): date is string => date !== undefined)
    .sort();
}

/**
 * Each dose of the national calendar for one person, against what they received: the n-th completed
 * immunization of a series (by date) is its n-th dose, whatever its age (boosters: by age window). A dose not given is due from
 * its calendar age, overdue from `overdueAfter`, upcoming before. Risk-group series (influenza) list
 * no doses. In booster series a missed booster is dropped once the next booster's age is reached.
 * A childhood (non-booster) dose without a record is "no data" once the person is past the age of
 * catching up, instead of overdue since infancy.
 */
export function vaccinationStatus(birthDate: string, immunizations: readonly Immunization[], today: string, options: VaccinationStatusOptions = {}): DoseStatus[] {
  const result: DoseStatus[] = [];
  const pastCatchUp = today >= dateAtAge(birthDate, CHILDHOOD_CATCH_UP_UNTIL);
  for (const series of options.calendar ?? NATIONAL_CALENDAR) {
    if (series.riskGroupsOnly) continue;
    if (series.sex && series.sex !== options.sex) continue;
    const given = givenDates(immunizations, series);
    series.doses.forEach((dose, index) => {
      const dueDate = dateAtAge(birthDate, dose.age);
      const overdueDate = dateAtAge(birthDate, dose.overdueAfter);
      const base = { series: series.code, infection: series.infection, dose: dose.dose, dueDate, overdueDate, confidence: series.confidence };
      const date = series.booster ? givenInBoosterWindow(birthDate, series, index, given) : given[index];
      if (date) {
        result.push({ ...base, state: 'done', date });
        return;
      }
      const next = series.doses[index + 1];
      if (series.booster && next && dateAtAge(birthDate, next.age) <= today) return;
      if (!series.booster && pastCatchUp) {
        result.push({ ...base, state: 'no-data' });
        return;
      }
      const state: DoseState = today < dueDate ? 'upcoming' : today < overdueDate ? 'due' : 'overdue';
      result.push({ ...base, state });
    });
  }
  return result;
}

/**
 * A booster counts for the dose whose calendar age is nearest to when it was given: someone who
 * missed the booster at 26 and had one at 33 has the one at 36 done, and the next at 46.
 */
function givenInBoosterWindow(birthDate: string, series: CalendarSeries, index: number, given: readonly string[]): string | undefined {
  const dueDates = series.doses.map((dose) => Date.parse(dateAtAge(birthDate, dose.age)));
  const nearest = (date: string) => {
    const time = Date.parse(date);
    let best = 0;
    dueDates.forEach((due, i) => {
      if (Math.abs(due - time) < Math.abs(dueDates[best]! - time)) best = i;
    });
    return best;
  };
  return given.find((date) => nearest(date) === index);
}

/** The doses to act on now: overdue first, then due, by date. */
export function dosesToGive(statuses: readonly DoseStatus[]): DoseStatus[] {
  const rank = (s: DoseStatus) => (s.state === 'overdue' ? 0 : 1);
  return statuses
    .filter((s) => s.state === 'overdue' || s.state === 'due')
    .sort((a, b) => rank(a) - rank(b) || a.dueDate.localeCompare(b.dueDate));
}
