import type { Address, ContactPoint, Resource } from '@medplum/fhirtypes';
import type { ChartView } from '../../shared/api/chart-method.js';
import type { PatientSummary } from '../../shared/api/patients.js';
import { ageInYears } from '../../shared/domain/vaccination-dates.js';
import { buildAnamnesis } from './anamnesis.js';
import { buildLabs } from './labs.js';
import { buildPreventive, buildVaccinations } from './prevention.js';
import { RecordIndex } from './record-index.js';
import { Sources } from './source.js';
import { buildStudies } from './studies.js';
import { buildAllergies, buildMedications, buildProblems } from './summary.js';
import { buildTimeline } from './timeline.js';

export interface AssembleOptions {
  /** The workstation's today (YYYY-MM-DD): age, vaccination and examination due dates are counted from it. */
  today: string;
  /** When this patient's record was last brought up to date from Central. */
  syncedAt: string | null;
  /** The patient as the local index knows them (name, personal number, record badge). */
  patientSummary: PatientSummary;
  /** "Type/id" of every resource written here and still waiting in the outbox. */
  pending: ReadonlySet<string>;
}

/**
 * The chart as the doctor reads it, from a patient's FHIR resources (their compartment plus the
 * organizations and practitioners it references). The one place FHIR becomes the chart's view
 * model: pure, no I/O, so the store, the benchmark and the tests all call the same function.
 */
export function assembleChart(resources: readonly Resource[], options: AssembleOptions): ChartView {
  const index = new RecordIndex(resources);
  const sources = new Sources(index);
  const summary = options.patientSummary;
  const patient = index.all('Patient').find((p) => p.id === summary.id);
  const timeline = buildTimeline(index, sources, options.pending);
  const { allergies, noKnownAllergies } = buildAllergies(index);
  return {
    patient: summary,
    age: summary.birthDate && summary.birthDate <= options.today ? ageInYears(summary.birthDate, options.today) : null,
    phone: phoneOf(patient?.telecom),
    address: addressOf(patient?.address),
    summary: {
      problems: buildProblems(index, sources),
      allergies,
      noKnownAllergies,
      medications: buildMedications(index, sources),
      vaccinations: buildVaccinations(summary, index.all('Immunization'), options.today),
      preventive: buildPreventive(summary, timeline, options.today),
    },
    timeline,
    labs: buildLabs(index, sources),
    studies: buildStudies(index, sources),
    anamnesis: buildAnamnesis(index, sources),
    resourceCount: resources.length,
    syncedAt: options.syncedAt,
  };
}

function phoneOf(telecom: readonly ContactPoint[] | undefined): string | null {
  const phones = (telecom ?? []).filter((t) => t.system === 'phone' && t.value && !t.period?.end);
  return (phones.find((p) => p.use === 'mobile') ?? phones[0])?.value ?? null;
}

function addressOf(addresses: readonly Address[] | undefined): string | null {
  const current = (addresses ?? []).filter((a) => a.use !== 'old' && !a.period?.end);
  const address = current.find((a) => a.use === 'home') ?? current[0];
  if (!address) return null;
  if (address.text?.trim()) return address.text.trim();
  const text = [address.postalCode, address.city, ...(address.line ?? [])].filter(Boolean).join(', ');
  return text || null;
}
