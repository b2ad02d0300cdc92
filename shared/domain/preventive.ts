import { PREVENTIVE_EXAM_RULES, preventiveExamStartAge, type PreventiveExamRule } from './preventive-rules.js';
import { addYears } from './vaccination-dates.js';

export type PreventiveExamReason =
  /** Younger than the first band: not due; dueDate is the birthday the rules start. */
  | 'under-age'
  /** Never examined and old enough: due since the rules started to apply. */
  | 'never-examined'
  /** The interval since the last examination has passed. */
  | 'interval-elapsed'
  /** Examined recently enough: dueDate is the next one. */
  | 'up-to-date';

export interface PreventiveExamDue {
  due: boolean;
  /** ISO date from which the next examination is due. */
  dueDate: string;
  reason: PreventiveExamReason;
  /** The band that sets dueDate. */
  rule: PreventiveExamRule;
}

/**
 * When the next preventive examination is due. After an examination, each band proposes the later
 * of "last + its interval" and the birthday it begins; proposals falling after the band ends do not
 * count; the earliest proposal wins. So a person examined at 38 is due again at 40, when the
 * yearly band begins, not at 41.
 */
export function preventiveExamDue(birthDate: string, lastExamDate: string | undefined, today: string, rules: readonly PreventiveExamRule[] = PREVENTIVE_EXAM_RULES): PreventiveExamDue {
  const startAge = preventiveExamStartAge(rules);
  const startDate = addYears(birthDate, startAge);
  const firstRule = rules.find((rule) => rule.minAge === startAge)!;
  if (today < startDate) return { due: false, dueDate: startDate, reason: 'under-age', rule: firstRule };
  // An examination before the rules applied (a school examination at 16) does not count.
  if (!lastExamDate || lastExamDate < startDate) return { due: true, dueDate: startDate, reason: 'never-examined', rule: firstRule };

  let best: { dueDate: string; rule: PreventiveExamRule } | undefined;
  for (const rule of rules) {
    const bandStart = addYears(birthDate, rule.minAge);
    const bandEnd = rule.maxAge === undefined ? undefined : addYears(birthDate, rule.maxAge + 1);
    const byInterval = addYears(lastExamDate, rule.intervalYears);
    const proposal = byInterval > bandStart ? byInterval : bandStart;
    if (bandEnd !== undefined && proposal >= bandEnd) continue;
    if (!best || proposal < best.dueDate) best = { dueDate: proposal, rule };
  }
  if (!best) throw new RangeError('The preventive examination rules leave an age without a band');
  const due = today >= best.dueDate;
  return { due, dueDate: best.dueDate, reason: due ? 'interval-elapsed' : 'up-to-date', rule: best.rule };
}
