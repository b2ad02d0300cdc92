import type { Annotation, CodeableConcept, DiagnosticReport, Observation } from '@medplum/fhirtypes';
import { component, fieldText, HL7_ERROR, repetitions, type Hl7Problem, type Segment } from './message.js';
import { codingSystem, hl7DateTime, interpretationOf, observationStatusOf, referenceRange, reportStatusOf } from './values.js';

const LAB_CATEGORY = [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }];
const UCUM = 'http://unitsofmeasure.org';

/** A coded field (CE/CWE: code^text^system) as a CodeableConcept. */
export function codeOf(segment: Segment, field: number, base: string): CodeableConcept {
  const [code = '', text = '', system = ''] = repetitions(segment, field)[0] ?? [];
  return { coding: [{ system: codingSystem(system, base), code, ...(text ? { display: text } : {}) }], ...(text ? { text } : {}) };
}

/** An OBR segment as a DiagnosticReport (without subject and results, which the converter adds). */
export function reportFromObr(obr: Segment, base: string, problems: Hl7Problem[]): { report: DiagnosticReport; orderId: string } {
  const at = (field: number) => ({ segment: 'OBR', sequence: obr.sequence, field });
  const orderId = component(obr, 3) || component(obr, 2);
  if (!orderId) problems.push({ location: at(3), code: HL7_ERROR.requiredFieldMissing, message: 'OBR-3 (filler order number) or OBR-2 (placer order number) must name the order' });
  if (!component(obr, 4)) problems.push({ location: at(4), code: HL7_ERROR.requiredFieldMissing, message: 'OBR-4 must name what was ordered' });
  const status = reportStatusOf(component(obr, 25));
  if (!status) problems.push({ location: at(25), code: HL7_ERROR.tableValueNotFound, message: 'OBR-25 is not a result status of table 0123' });
  const report: DiagnosticReport = {
    resourceType: 'DiagnosticReport',
    identifier: [{ system: `${base}/order`, value: orderId || 'missing' }],
    status: status ?? 'final',
    category: LAB_CATEGORY,
    code: codeOf(obr, 4, base),
  };
  const effective = dateTimeAt(obr, 7, problems);
  if (effective) report.effectiveDateTime = effective;
  const issued = dateTimeAt(obr, 22, problems);
  if (issued && issued.length > 10) report.issued = issued;
  return { report, orderId };
}

/** An OBX segment as an Observation; `notes` are the NTE segments that follow it. */
export function observationFromObx(obx: Segment, notes: readonly Segment[], base: string, fallbackTime: string | undefined, problems: Hl7Problem[]): Observation {
  const at = (field: number) => ({ segment: 'OBX', sequence: obx.sequence, field });
  if (!component(obx, 3)) problems.push({ location: at(3), code: HL7_ERROR.requiredFieldMissing, message: 'OBX-3 must name the observation' });
  const status = observationStatusOf(component(obx, 11));
  if (!component(obx, 11)) problems.push({ location: at(11), code: HL7_ERROR.requiredFieldMissing, message: 'OBX-11 (result status) is required' });
  else if (!status) problems.push({ location: at(11), code: HL7_ERROR.tableValueNotFound, message: 'OBX-11 is not a result status of table 0085' });
  const observation: Observation = { resourceType: 'Observation', status: status ?? 'final', category: LAB_CATEGORY, code: codeOf(obx, 3, base) };
  const unitCode = component(obx, 6, 1);
  const unit = component(obx, 6, 2) || unitCode;
  Object.assign(observation, valueOf(obx, unit, unitCode, base, problems));
  const range = referenceRange(fieldText(obx, 7), unit || undefined);
  if (range) observation.referenceRange = [range];
  const flags = repetitions(obx, 8).map(([flag = '']) => flag);
  const unknown = flags.find((flag) => !interpretationOf(flag));
  if (unknown !== undefined) problems.push({ location: at(8), code: HL7_ERROR.tableValueNotFound, message: 'OBX-8 holds a flag that is not in table 0078' });
  const codes = flags.map(interpretationOf).filter((code): code is string => Boolean(code));
  if (codes.length) observation.interpretation = codes.map((code) => ({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code }] }));
  const effective = dateTimeAt(obx, 14, problems) ?? fallbackTime;
  if (effective) observation.effectiveDateTime = effective;
  const note: Annotation[] = notes.map((nte) => ({ text: repetitions(nte, 3).map((rep) => rep.join(' ')).join('\n') })).filter((n) => n.text);
  if (note.length) observation.note = note;
  return observation;
}

/** OBX-5 read by its type in OBX-2: NM and SN as quantities, ST/TX/FT as text, CE/CWE as codes. */
function valueOf(obx: Segment, unit: string, unitCode: string, base: string, problems: Hl7Problem[]): Partial<Observation> {
  const at = (field: number) => ({ segment: 'OBX', sequence: obx.sequence, field });
  const type = component(obx, 2).toUpperCase();
  const raw = component(obx, 5, 1);
  if (!raw && repetitions(obx, 5).length === 0) return {};
  const quantity = (value: number) => ({ value, ...(unit ? { unit } : {}), ...(unitCode && component(obx, 6, 3).toUpperCase() === 'UCUM' ? { system: UCUM, code: unitCode } : {}) });
  switch (type) {
    case 'NM': {
      const value = Number(raw.replace(',', '.'));
      if (!/^[+-]?\d+([.,]\d+)?$/.test(raw.trim()) || !Number.isFinite(value)) {
        problems.push({ location: at(5), code: HL7_ERROR.dataType, message: 'OBX-5 must be a number when OBX-2 is NM' });
        return {};
      }
      return { valueQuantity: quantity(value) };
    }
    case 'SN': {
      const comparator = component(obx, 5, 1);
      const number = Number(component(obx, 5, 2).replace(',', '.'));
      if (!Number.isFinite(number) || !['', '<', '>', '<=', '>='].includes(comparator) || component(obx, 5, 2) === '') {
        problems.push({ location: at(5), code: HL7_ERROR.dataType, message: 'OBX-5 must be a structured numeric (comparator^number) when OBX-2 is SN' });
        return {};
      }
      return { valueQuantity: { ...quantity(number), ...(comparator ? { comparator: comparator as '<' | '>' | '<=' | '>=' } : {}) } };
    }
    case 'ST':
    case 'TX':
    case 'FT':
      return { valueString: repetitions(obx, 5).map((rep) => rep.join('^')).join('\n') };
    case 'CE':
    case 'CWE':
      return { valueCodeableConcept: codeOf(obx, 5, base) };
    case '':
      problems.push({ location: at(2), code: HL7_ERROR.requiredFieldMissing, message: 'OBX-2 (value type) is required when OBX-5 has a value' });
      return {};
    default:
      problems.push({ location: at(2), code: HL7_ERROR.tableValueNotFound, message: 'OBX-2 must be NM, SN, ST, TX, FT, CE or CWE' });
      return {};
  }
}

function dateTimeAt(segment: Segment, field: number, problems: Hl7Problem[]): string | undefined {
  const raw = component(segment, field);
  if (!raw) return undefined;
  const value = hl7DateTime(raw);
  if (!value) problems.push({ location: { segment: segment.name, sequence: segment.sequence, field }, code: HL7_ERROR.dataType, message: `${segment.name}-${field} is not an HL7 date and time (YYYYMMDDHHMM[SS][+ZZZZ])` });
  return value;
}
