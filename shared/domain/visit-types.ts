/**
 * The kinds of visit a schedule offers. Each has its own slot length in a doctor's schedule, and a
 * slot is generated for one kind, so a follow-up patient is never offered a procedure slot.
 */
export const VISIT_TYPES = ['first-visit', 'follow-up', 'preventive', 'procedure'] as const;
export type VisitType = (typeof VISIT_TYPES)[number];

export const VISIT_TYPE_NAMES: Record<VisitType, { ru: string; be: string; en: string }> = {
  'first-visit': { ru: 'Первичный приём', be: 'Першасны прыём', en: 'First visit' },
  'follow-up': { ru: 'Повторный приём', be: 'Паўторны прыём', en: 'Follow-up' },
  preventive: { ru: 'Диспансеризация', be: 'Дыспансерызацыя', en: 'Preventive examination' },
  procedure: { ru: 'Процедура', be: 'Працэдура', en: 'Procedure' },
};

export function isVisitType(value: unknown): value is VisitType {
  return typeof value === 'string' && (VISIT_TYPES as readonly string[]).includes(value);
}

/** How many visits a patient may book through the cabinet in one day (cancelled ones count too). */
export const CABINET_DAILY_BOOKING_LIMIT = 3;
