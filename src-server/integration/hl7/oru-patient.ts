import type { Identifier, Patient } from '@medplum/fhirtypes';
import { checkPersonalNumber, normalizePersonalNumber } from '../../../shared/domain/personal-number.js';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { component, HL7_ERROR, repetitions, type Hl7Problem, type Segment } from './message.js';
import { hl7Date } from './values.js';

/** PID-3 identifier types (table 0203) and assigning authorities that mean the Belarus personal number. */
const PERSONAL_NUMBER_TYPES = new Set(['NI', 'PN', 'NNBLR']);
const SEX: Record<string, Patient['gender']> = { M: 'male', F: 'female', O: 'other', U: 'unknown', A: 'other', N: 'unknown' };

/**
 * The person a PID segment names: the laboratory's identifiers (its own first, so a resend is
 * recognised), the personal number when PID-3 carries one (type NI or PN), PID-5 name, PID-7
 * birth date, PID-8 sex. Problems are collected with their field.
 */
export function patientFromPid(pid: Segment, base: string, problems: Hl7Problem[]): Patient {
  const at = (field: number) => ({ segment: 'PID', sequence: pid.sequence, field });
  const own: Identifier[] = [];
  const national: Identifier[] = [];
  for (const [value = '', , , authority = '', type = ''] of repetitions(pid, 3)) {
    if (PERSONAL_NUMBER_TYPES.has(type.toUpperCase())) {
      const number = normalizePersonalNumber(value);
      const check = checkPersonalNumber(number);
      if (!check.ok) problems.push({ location: at(3), code: HL7_ERROR.dataType, message: `PID-3: ${check.message}` });
      else national.push({ system: SYSTEMS.personalNumber, value: number });
    } else if (value) {
      own.push({ system: `${base}/patient/${encodeURIComponent(authority || type || 'MR')}`, value });
    }
  }
  if (own.length + national.length === 0 && !problems.some((p) => p.location.field === 3)) {
    problems.push({ location: at(3), code: HL7_ERROR.requiredFieldMissing, message: 'PID-3 must identify the patient (the laboratory\'s number, the personal number, or both)' });
  }
  const patient: Patient = { resourceType: 'Patient', identifier: [...own, ...national] };
  const family = component(pid, 5, 1);
  const given = [component(pid, 5, 2), component(pid, 5, 3)].filter(Boolean);
  if (family || given.length) patient.name = [{ ...(family ? { family } : {}), ...(given.length ? { given } : {}) }];
  const born = component(pid, 7);
  if (born) {
    const birthDate = hl7Date(born);
    if (!birthDate) problems.push({ location: at(7), code: HL7_ERROR.dataType, message: 'PID-7 is not a date (YYYYMMDD)' });
    else patient.birthDate = birthDate;
  }
  const sex = component(pid, 8);
  if (sex) {
    const gender = SEX[sex.toUpperCase()];
    if (!gender) problems.push({ location: at(8), code: HL7_ERROR.tableValueNotFound, message: 'PID-8 must be M, F, O or U' });
    else patient.gender = gender;
  }
  return patient;
}
