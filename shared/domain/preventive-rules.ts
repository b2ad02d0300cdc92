/**
 * Preventive examination (диспансеризация) of adults, as data: who is examined and how often.
 * Current rule: adults 18-39 every three years, 40 and over every year. A change of the rule is a
 * change of this table, not of code. `maxAge` is inclusive; a band without it has no upper bound.
 */
export interface PreventiveExamRule {
  minAge: number;
  maxAge?: number;
  intervalYears: number;
}

export const PREVENTIVE_EXAM_RULES: readonly PreventiveExamRule[] = [
  { minAge: 18, maxAge: 39, intervalYears: 3 },
  { minAge: 40, intervalYears: 1 },
];

/** The age from which the rules apply at all (children have their own examinations). */
export function preventiveExamStartAge(rules: readonly PreventiveExamRule[] = PREVENTIVE_EXAM_RULES): number {
  return Math.min(...rules.map((rule) => rule.minAge));
}
