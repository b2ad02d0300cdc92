import type { Address, ContactPoint, Immunization, Resource } from '@medplum/fhirtypes';
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
 * What the chart shows that follows from the record alone (the patient's compartment and the
 * directory entries it refers to): everything but what today's date and the patient's current
 * summary decide. Plain JSON, so a large record's part can be kept in the store between openings
 * (db/chart-snapshots.ts) and turned into the chart by `finishChart` in a fraction of the time.
 */
/**
 * How ChartRecordPart is assembled: a kept part of another format is not used. Change it whenever
 * what assembleRecordPart gives for a record changes (assemble-format.test.ts fails until then).
 */
export const CHART_RECORD_PART_FORMAT = 1;

export interface ChartRecordPart {
  phone: string | null;
  address: string | null;
  problems: ChartView['summary']['problems'];
  allergies: ChartView['summary']['allergies'];
  noKnownAllergies: boolean;
  medications: ChartView['summary']['medications'];
  /** The Immunizations as recorded: which doses are due is counted from today. */
  immunizations: Immunization[];
  timeline: ChartView['timeline'];
  labs: ChartView['labs'];
  studies: ChartView['studies'];
  anamnesis: ChartView['anamnesis'];
  resourceCount: number;
}

/**
 * The chart as the doctor reads it, from a patient's FHIR resources (their compartment plus the
 * organizations and practitioners it references). The one place FHIR becomes the chart's view
 * model: pure, no I/O, so the store, the benchmark and the tests all call the same function.
 */
export function assembleChart(resources: readonly Resource[], options: AssembleOptions): ChartView {
  return finishChart(assembleRecordPart(resources, options.patientSummary.id, options.pending), options);
}

/** The part of the chart the record decides (see ChartRecordPart); `pending` marks the visits with changes not yet sent. */
export function assembleRecordPart(resources: readonly Resource[], patientId: string, pending: ReadonlySet<string>): ChartRecordPart {
  const index = new RecordIndex(resources);
  const sources = new Sources(index);
  const patient = index.all('Patient').find((p) => p.id === patientId);
  const { allergies, noKnownAllergies } = buildAllergies(index);
  return {
    phone: phoneOf(patient?.telecom),
    address: addressOf(patient?.address),
    problems: buildProblems(index, sources),
    allergies,
    noKnownAllergies,
    medications: buildMedications(index, sources),
    immunizations: index.all('Immunization'),
    timeline: buildTimeline(index, sources, pending),
    labs: buildLabs(index, sources),
    studies: buildStudies(index, sources),
    anamnesis: buildAnamnesis(index, sources),
    resourceCount: resources.length,
  };
}

/** The chart from the record's part and what only today and the patient's summary decide: age, due vaccinations, the next examination. */
export function finishChart(part: ChartRecordPart, options: Omit<AssembleOptions, 'pending'>): ChartView {
  const summary = options.patientSummary;
  return {
    patient: summary,
    age: summary.birthDate && summary.birthDate <= options.today ? ageInYears(summary.birthDate, options.today) : null,
    phone: part.phone,
    address: part.address,
    summary: {
      problems: part.problems,
      allergies: part.allergies,
      noKnownAllergies: part.noKnownAllergies,
      medications: part.medications,
      vaccinations: buildVaccinations(summary, part.immunizations, options.today),
      preventive: buildPreventive(summary, part.timeline, options.today),
    },
    timeline: part.timeline,
    labs: part.labs,
    studies: part.studies,
    anamnesis: part.anamnesis,
    resourceCount: part.resourceCount,
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
