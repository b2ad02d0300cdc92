/**
 * Where in the schedule form a refusal points and what is wrong, read from the refusal's field
 * ("definition.hours.2.end", as the workstation's input check and Central both name it) and its
 * message, so the administrator reads "Часы работы, Ср 14:00–25:00, «До»: …" in their language
 * instead of a path and an English sentence.
 */
export const PROBLEMS = ['time', 'order', 'overlap', 'noLength', 'dates', 'date', 'choose', 'notOfClinic', 'number', 'other'] as const;
export type Problem = (typeof PROBLEMS)[number];

export interface ProblemPlace {
  /** The definition's field: hours, breaks, locationId, slotMinutes… */
  section: string;
  /** The row of a list (hours, breaks, holidays, absences). */
  index?: number;
  /** The input within the row or the field ("end", "from", a visit type). */
  input?: string;
}

const CHOSEN = new Set(['practitionerId', 'practitionerRoleId', 'locationId', 'specialty']);

export function locateProblem(field: string | undefined, message: string): { place: ProblemPlace; problem: Problem } | null {
  const path = (field ?? '').split('.').filter(Boolean);
  if (path[0] === 'definition') path.shift();
  const [section, second, third] = path;
  if (!section) return null;
  const index = second !== undefined && /^\d+$/.test(second) ? Number(second) : undefined;
  const input = index === undefined ? second : third;
  const place: ProblemPlace = { section, ...(index === undefined ? {} : { index }), ...(input === undefined ? {} : { input }) };
  return { place, problem: problemOf(section, message) };
}

function problemOf(section: string, message: string): Problem {
  if (/does not exist|another organization|is not a role of/.test(message)) return 'notOfClinic';
  if (CHOSEN.has(section)) return 'choose';
  if (/expected HH:MM/.test(message)) return 'time';
  if (/must be before/.test(message)) return 'order';
  if (/overlaps/.test(message)) return 'overlap';
  if (/no slot length/.test(message)) return 'noLength';
  if (/from must not be after to/.test(message)) return 'dates';
  if (/expected YYYY-MM-DD/.test(message)) return 'date';
  if (/too (small|big)|expected number|[<>]=?\s*\d/i.test(message)) return 'number';
  return 'other';
}
