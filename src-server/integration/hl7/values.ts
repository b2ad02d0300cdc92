import type { ObservationReferenceRange } from '@medplum/fhirtypes';

/**
 * HL7 v2 values into FHIR ones: dates and times, reference ranges, abnormal flags and statuses.
 * Each returns undefined for what it cannot read, and the converter reports where.
 */

/** HL7 DTM (YYYY[MM[DD[HHMM[SS[.S...]]]]][+/-ZZZZ]) as a FHIR date or dateTime; a time without a zone is Minsk time (+03:00). */
export function hl7DateTime(value: string): string | undefined {
  const m = /^(\d{4})(\d{2})?(\d{2})?(?:(\d{2})(\d{2})(\d{2})?(?:\.(\d{1,4}))?)?([+-]\d{4})?$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if ((mo && (Number(mo) < 1 || Number(mo) > 12)) || (d && (Number(d) < 1 || Number(d) > 31))) return undefined;
  if (d && new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d))).getUTCDate() !== Number(d)) return undefined;
  const date = [y, mo, d].filter(Boolean).join('-');
  if (!h) return date;
  if (!d || Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return undefined;
  const tz = zone ? `${zone.slice(0, 3)}:${zone.slice(3)}` : '+03:00';
  return `${date}T${h}:${mi}:${s ?? '00'}${frac ? `.${frac}` : ''}${tz}`;
}

/** HL7 DT/DTM as a FHIR date (birth dates). */
export function hl7Date(value: string): string | undefined {
  const dateTime = hl7DateTime(value);
  return dateTime?.slice(0, 10).length === 10 ? dateTime.slice(0, 10) : dateTime;
}

/** OBX-7: "3.5-5.0", "<5", "> 10", or anything else kept as text. */
export function referenceRange(text: string, unit: string | undefined): ObservationReferenceRange | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const quantity = (n: string) => ({ value: Number(n), ...(unit ? { unit } : {}) });
  const number = '(-?\\d+(?:[.,]\\d+)?)';
  const between = new RegExp(`^${number}\\s*-\\s*${number}$`).exec(t);
  if (between) return { low: quantity(between[1]!.replace(',', '.')), high: quantity(between[2]!.replace(',', '.')) };
  const below = new RegExp(`^<=?\\s*${number}$`).exec(t);
  if (below) return { high: quantity(below[1]!.replace(',', '.')) };
  const above = new RegExp(`^>=?\\s*${number}$`).exec(t);
  if (above) return { low: quantity(above[1]!.replace(',', '.')) };
  return { text: t };
}

/** OBX-8 abnormal flags (HL7 table 0078) → v3 ObservationInterpretation codes. */
const FLAGS: Record<string, string> = {
  L: 'L', H: 'H', LL: 'LL', HH: 'HH', N: 'N', A: 'A', AA: 'AA', '<': '<', '>': '>', U: 'U', D: 'D', B: 'B', W: 'W',
  S: 'S', R: 'R', I: 'I', NEG: 'NEG', POS: 'POS', IND: 'IND',
};
export const interpretationOf = (flag: string): string | undefined => FLAGS[flag.toUpperCase()];

/** OBX-11 result status (table 0085) → Observation.status. W (wrong) and D (deleted) withdraw the result. */
const OBSERVATION_STATUS: Record<string, 'final' | 'corrected' | 'entered-in-error' | 'cancelled' | 'preliminary' | 'registered'> = {
  F: 'final', C: 'corrected', W: 'entered-in-error', D: 'entered-in-error', X: 'cancelled', P: 'preliminary', R: 'preliminary', S: 'preliminary', I: 'registered', U: 'final',
};
export const observationStatusOf = (code: string) => OBSERVATION_STATUS[code.toUpperCase()];

/** OBR-25 result status (table 0123) → DiagnosticReport.status. */
const REPORT_STATUS: Record<string, 'final' | 'corrected' | 'cancelled' | 'preliminary' | 'partial' | 'registered'> = {
  F: 'final', C: 'corrected', X: 'cancelled', P: 'preliminary', R: 'preliminary', A: 'partial', I: 'registered', O: 'registered', S: 'registered',
};
export const reportStatusOf = (code: string) => REPORT_STATUS[(code || 'F').toUpperCase()];

/** OBX-3 / OBR-4 coding systems (table 0396) we know by name. */
export function codingSystem(name: string, localBase: string): string {
  switch (name.toUpperCase()) {
    case 'LN':
    case 'LOINC':
      return 'http://loinc.org';
    case 'SCT':
    case 'SNM':
      return 'http://snomed.info/sct';
    case 'I10':
      return 'http://hl7.org/fhir/sid/icd-10';
    default:
      return `${localBase}/code${name ? `/${encodeURIComponent(name)}` : ''}`;
  }
}
