import type { Observation, ObservationReferenceRange } from '@medplum/fhirtypes';
import type { LabSeries, LabValue } from '../../shared/api/chart-method.js';
import { coded, conceptKey, conceptText, hasCoding, newestFirst, referenceKey, sortNewestFirst, when } from './fhir-read.js';
import { isLabReport } from './lab-report.js';
import type { RecordIndex } from './record-index.js';
import type { Sources } from './source.js';

const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

const INTERPRETATION: Record<string, NonNullable<LabValue['flag']>> = {
  H: 'high',
  L: 'low',
  HH: 'critical-high',
  HU: 'critical-high',
  LL: 'critical-low',
  LU: 'critical-low',
  A: 'abnormal',
  AA: 'abnormal',
  POS: 'abnormal',
  DET: 'abnormal',
  R: 'abnormal',
  N: 'normal',
  NEG: 'normal',
  ND: 'normal',
  S: 'normal',
};

/**
 * Laboratory results grouped by test, each series newest first so the table shows the latest value
 * and the trend chart has the whole history. A result counts as laboratory by its own category or
 * by belonging to a laboratory report.
 */
export function buildLabs(index: RecordIndex, sources: Sources): LabSeries[] {
  const inLabReports = new Set<string>();
  for (const report of index.all('DiagnosticReport')) {
    if (!isLabReport(report)) continue;
    for (const result of report.result ?? []) {
      const key = referenceKey(result);
      if (key) inLabReports.add(key);
    }
  }
  const groups = new Map<string, Observation[]>();
  for (const observation of index.all('Observation')) {
    if (observation.status === 'entered-in-error' || observation.status === 'cancelled') continue;
    const isLab = hasCoding(observation.category, OBSERVATION_CATEGORY, ['laboratory']) || inLabReports.has(`Observation/${observation.id}`);
    if (!isLab || !hasValue(observation)) continue;
    const key = conceptKey(observation.code);
    const group = groups.get(key);
    if (group) group.push(observation);
    else groups.set(key, [observation]);
  }
  const series: LabSeries[] = [];
  for (const observations of groups.values()) {
    const values = observations.filter((o) => o.id).map((o) => labValue(o, sources));
    sortNewestFirst(values, (v) => v.date);
    const newest = observations.find((o) => o.id === values[0]?.observationId) ?? observations[0]!;
    if (values.length) series.push({ code: coded(newest.code, '—'), values });
  }
  return series.sort((a, b) => newestFirst(a.values[0]!.date, b.values[0]!.date) || a.code.text.localeCompare(b.code.text));
}

function hasValue(o: Observation): boolean {
  return (
    o.valueQuantity !== undefined ||
    o.valueString !== undefined ||
    o.valueCodeableConcept !== undefined ||
    o.valueInteger !== undefined ||
    o.valueBoolean !== undefined ||
    o.valueRatio !== undefined
  );
}

function labValue(o: Observation, sources: Sources): LabValue {
  const range = pickRange(o.referenceRange);
  const low = range?.low?.value ?? null;
  const high = range?.high?.value ?? null;
  const value = o.valueQuantity?.value ?? o.valueInteger ?? null;
  return {
    observationId: o.id!,
    date: when(o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.effectiveInstant ?? o.issued),
    value,
    display: displayOf(o),
    unit: o.valueQuantity?.unit ?? o.valueQuantity?.code ?? range?.low?.unit ?? range?.high?.unit ?? null,
    low,
    high,
    flag: flagOf(o, value, low, high),
    source: sources.of(o),
  };
}

function displayOf(o: Observation): string {
  if (o.valueQuantity?.value !== undefined) return `${o.valueQuantity.comparator ?? ''}${o.valueQuantity.value}`;
  if (o.valueInteger !== undefined) return String(o.valueInteger);
  if (o.valueString !== undefined) return o.valueString;
  if (o.valueCodeableConcept) return conceptText(o.valueCodeableConcept, '—');
  if (o.valueBoolean !== undefined) return o.valueBoolean ? '+' : '−';
  if (o.valueRatio) return `${o.valueRatio.numerator?.value ?? '?'}:${o.valueRatio.denominator?.value ?? '?'}`;
  return '—';
}

/** The range for the general population when several are given (by age or sex). */
function pickRange(ranges: readonly ObservationReferenceRange[] | undefined): ObservationReferenceRange | undefined {
  if (!ranges?.length) return undefined;
  return ranges.find((r) => !r.appliesTo && !r.age && (!r.type || r.type.coding?.some((c) => c.code === 'normal'))) ?? ranges[0];
}

function flagOf(o: Observation, value: number | null, low: number | null, high: number | null): LabValue['flag'] {
  for (const interpretation of o.interpretation ?? []) {
    for (const coding of interpretation.coding ?? []) {
      const flag = coding.code ? INTERPRETATION[coding.code] : undefined;
      if (flag) return flag;
    }
  }
  if (value === null || (low === null && high === null)) return null;
  if (low !== null && value < low) return 'low';
  if (high !== null && value > high) return 'high';
  return 'normal';
}
