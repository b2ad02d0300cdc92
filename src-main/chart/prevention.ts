import type { Immunization } from '@medplum/fhirtypes';
import type { ChartView, TimelineEntry, VaccinationDose } from '../../shared/api/chart-method.js';
import type { PatientSummary } from '../../shared/api/patients.js';
import { preventiveExamDue } from '../../shared/domain/preventive.js';
import { vaccinationStatus } from '../../shared/domain/vaccination.js';

/**
 * Vaccination status against the national calendar and the preventive examination, both by the
 * rules in shared/domain: the chart only feeds them the record and today's date.
 */
export function buildVaccinations(patient: PatientSummary, immunizations: readonly Immunization[], today: string): VaccinationDose[] {
  if (!patient.birthDate) return [];
  return vaccinationStatus(patient.birthDate, immunizations, today, { sex: patient.sex }).map((dose) => ({
    series: dose.series,
    infection: dose.infection,
    dose: dose.dose,
    state: dose.state,
    date: dose.date ?? null,
    dueDate: dose.dueDate,
    overdueDate: dose.overdueDate,
  }));
}

const DONE = new Set(['finished', 'in-progress', 'arrived', 'onleave']);

/** The last preventive examination in any institution, and when the next one is due. */
export function buildPreventive(patient: PatientSummary, timeline: readonly TimelineEntry[], today: string): ChartView['summary']['preventive'] {
  let lastExam: string | null = null;
  for (const entry of timeline) {
    if (entry.kind !== 'preventive' || !DONE.has(entry.status) || !entry.start) continue;
    const day = entry.start.slice(0, 10);
    if (day <= today && (!lastExam || day > lastExam)) lastExam = day;
  }
  if (!patient.birthDate) return { lastExam, nextDue: null, dueNow: false };
  const due = preventiveExamDue(patient.birthDate, lastExam ?? undefined, today);
  return { lastExam, nextDue: due.dueDate, dueNow: due.due };
}
