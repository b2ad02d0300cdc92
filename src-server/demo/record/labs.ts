import type { DiagnosticReport, Encounter, Observation } from '@medplum/fhirtypes';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { daysBetween, at as atTime } from '../time.js';
import { addDays } from '../../../shared/domain/vaccination-dates.js';
import { ANALYTES, PANELS, rangeFor, type Analyte, type AnalyteKey, type PanelKey } from '../catalog/labs.js';
import type { InstitutionKey } from '../institutions.js';
import { hashInts } from '../random.js';
import type { RecordBuilder } from './builder.js';
import { ref } from './clinical.js';

const TERMINOLOGY = 'http://terminology.hl7.org/CodeSystem';
const INTERPRETATION = {
  H: { code: 'H', display: 'High' },
  L: { code: 'L', display: 'Low' },
  N: { code: 'N', display: 'Normal' },
} as const;

export interface LabOrder {
  on: string;
  orderedBy: string;
  encounter?: Encounter & { id: string };
  /** Who runs the test: the laboratory, or the hospital's own for an inpatient. */
  at?: InstitutionKey;
  /** Acute inflammation (a pneumonia, an appendicitis): white cells, ESR and CRP up. */
  inflammation?: boolean;
}

/** A panel as the laboratory reports it: one DiagnosticReport with an Observation per analyte. */
export function labPanel(b: RecordBuilder, key: PanelKey, order: LabOrder): DiagnosticReport & { id: string } {
  const panel = PANELS[key];
  const lab = order.at ?? 'laboratory';
  const taken = atTime(order.on, 8, b.random.int(0, 50));
  const nextDay = lab !== 'hospital' && addDays(order.on, 1) < b.today;
  const issued = atTime(nextDay ? addDays(order.on, 1) : order.on, nextDay ? 11 : 15, b.random.int(0, 59));
  const performer = [b.organization(lab)];
  const results = panel.analytes.map((analyteKey) => {
    const analyte = ANALYTES[analyteKey];
    const value = round(valueFor(b, analyteKey, order), analyte.decimals);
    const range = rangeFor(analyte, b.person.sex);
    const flag = range.high !== undefined && value > range.high ? 'H' : range.low !== undefined && value < range.low ? 'L' : 'N';
    const quantity = { value, unit: analyte.unit || undefined, system: 'http://unitsofmeasure.org', code: analyte.ucum };
    return b.add<Observation>({
      resourceType: 'Observation',
      meta: b.meta(lab),
      status: 'final',
      category: [{ coding: [{ system: `${TERMINOLOGY}/observation-category`, code: 'laboratory', display: 'Laboratory' }] }],
      code: { coding: [{ system: SYSTEMS.loinc, code: analyte.loinc, display: analyte.display }], text: analyte.title },
      subject: b.subject,
      ...(order.encounter ? { encounter: ref(order.encounter) } : {}),
      effectiveDateTime: taken,
      issued: new Date(issued).toISOString(),
      performer,
      valueQuantity: quantity,
      interpretation: [{ coding: [{ system: `${TERMINOLOGY}/v3-ObservationInterpretation`, ...INTERPRETATION[flag] }] }],
      referenceRange: [rangeOf(range, analyte.unit, analyte.ucum)],
    });
  });
  return b.add<DiagnosticReport>({
    resourceType: 'DiagnosticReport',
    meta: b.meta(lab),
    status: 'final',
    category: [{ coding: [{ system: `${TERMINOLOGY}/v2-0074`, code: 'LAB', display: 'Laboratory' }] }],
    code: { coding: [{ system: SYSTEMS.loinc, code: panel.loinc, display: panel.display }], text: panel.title },
    subject: b.subject,
    ...(order.encounter ? { encounter: ref(order.encounter) } : {}),
    effectiveDateTime: taken,
    issued: new Date(issued).toISOString(),
    performer,
    resultsInterpreter: [b.practitioner(lab === 'hospital' ? order.orderedBy : 'labDoctor')],
    result: results.map(ref),
  });
}

function rangeOf(range: { low?: number; high?: number }, unit: string, ucum: string): NonNullable<Observation['referenceRange']>[number] {
  const q = (value: number) => ({ value, unit: unit || undefined, system: 'http://unitsofmeasure.org', code: ucum });
  const text = range.low !== undefined && range.high !== undefined ? `${range.low}–${range.high}` : range.high !== undefined ? `< ${range.high}` : `> ${range.low}`;
  return { ...(range.low !== undefined ? { low: q(range.low) } : {}), ...(range.high !== undefined ? { high: q(range.high) } : {}), text };
}

/**
 * A person's value: their own level (drawn once, so a series looks like one person), moved by
 * what they have and how long they have been treated, plus day-to-day noise.
 */
function valueFor(b: RecordBuilder, key: AnalyteKey, order: LabOrder): number {
  const analyte = ANALYTES[key];
  const child = b.ageOn(order.on) < 16;
  const typical: Analyte['typical'] = analyte.typical;
  const [mean, spread] = (child ? typical.child : undefined) ?? typical[b.person.sex];
  const own = mean + personalOffset(b, key) * spread * 0.6;
  const noise = (b.random.next() - 0.5) * spread * 0.5;
  return Math.max(analyte.decimals >= 2 ? 0.01 : 0, own + noise + illnessShift(b, key, order));
}

function illnessShift(b: RecordBuilder, key: AnalyteKey, order: LabOrder): number {
  const h = b.health;
  const treated = (since: string | undefined) => (since && since <= order.on ? Math.min(1, daysBetween(since, order.on) / 365) : 0);
  const diabetic = h.diabetesSince !== undefined && h.diabetesSince <= addDays(order.on, 180);
  switch (key) {
    case 'hba1c':
      return diabetic ? 3.0 - 1.6 * treated(h.diabetesSince) : 0;
    case 'glucose':
      return diabetic ? 3.6 - 1.8 * treated(h.diabetesSince) : 0;
    case 'cholesterol':
    case 'ldl':
      return (h.hypercholesterolemia ? 1.8 : 0) - (h.statinSince ? 1.6 * treated(h.statinSince) : 0);
    case 'triglycerides':
      return diabetic || h.obese ? 0.9 : 0;
    case 'tsh':
      return h.hypothyroidSince ? 7.5 - 6.2 * treated(h.hypothyroidSince) : 0;
    case 'hemoglobin':
      return h.anemia ? -24 : 0;
    case 'alt':
    case 'ast':
      return h.fattyLiver ? 22 : 0;
    case 'leukocytes':
      return order.inflammation ? 6.5 : 0;
    case 'esr':
      return order.inflammation ? 22 : 0;
    case 'crp':
      return order.inflammation ? 60 : 0;
    default:
      return 0;
  }
}

/** A stable number in about [-1, 1] per person and analyte. */
function personalOffset(b: RecordBuilder, key: AnalyteKey): number {
  return (hashInts(b.region.seed, b.person.index, ANALYTE_KEYS.indexOf(key)) / 0xffffffff) * 2 - 1;
}

const ANALYTE_KEYS = Object.keys(ANALYTES) as AnalyteKey[];

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
