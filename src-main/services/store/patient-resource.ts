import { randomUUID } from 'node:crypto';
import type { Patient } from '@medplum/fhirtypes';
import type { PatientSummary, RegisterPatientInput } from '../../../shared/api/patients.js';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import { personalNumberOf, primaryName } from '../../db/patient-index.js';

/** Where a Patient registered here says how far the population register has confirmed them. */
export const REGISTER_CHECK_SYSTEM = 'https://medkarta.by/fhir/CodeSystem/population-register-check';

/**
 * A Patient as the registration desk creates it: the id is chosen here (so offline work can refer
 * to it), the personal number is the identifier, the given name and patronymic are `given` in that
 * order, and the clinic manages the patient (so they stay in this clinic's sync scope).
 */
export function newPatient(input: RegisterPatientInput & { personalNumber: string }, organizationId: string, registerCheck: string, now: Date): Patient {
  const patient: Patient = {
    resourceType: 'Patient',
    id: randomUUID(),
    meta: { lastUpdated: now.toISOString(), tag: [{ system: REGISTER_CHECK_SYSTEM, code: registerCheck }] },
    identifier: [{ use: 'official', system: SYSTEMS.personalNumber, value: input.personalNumber }],
    active: true,
    name: [{ use: 'official', family: input.family, given: input.patronymic ? [input.given, input.patronymic] : [input.given] }],
    gender: input.sex,
    birthDate: input.birthDate,
    managingOrganization: { reference: `Organization/${organizationId}` },
  };
  if (input.address) patient.address = [{ use: 'home', text: input.address }];
  if (input.phone) patient.telecom = [{ system: 'phone', value: input.phone, use: 'mobile' }];
  return patient;
}

/** The same Patient with its register-check tag set to `status`. */
export function withRegisterCheck(patient: Patient, status: string): Patient {
  const tags = (patient.meta?.tag ?? []).filter((tag) => tag.system !== REGISTER_CHECK_SYSTEM);
  return { ...patient, meta: { ...patient.meta, tag: [...tags, { system: REGISTER_CHECK_SYSTEM, code: status }] } };
}

const SEXES = new Set(['male', 'female', 'other', 'unknown']);

/** One row of a patient list, from the Patient resource. */
export function patientSummary(patient: Patient, record: PatientSummary['record']): PatientSummary {
  const name = primaryName(patient);
  return {
    id: patient.id!,
    personalNumber: personalNumberOf(patient),
    family: name?.family ?? name?.text ?? '',
    given: name?.given?.[0] ?? '',
    patronymic: name?.given?.[1] ?? null,
    birthDate: patient.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(patient.birthDate) ? patient.birthDate : null,
    sex: (patient.gender && SEXES.has(patient.gender) ? patient.gender : 'unknown') as PatientSummary['sex'],
    record,
  };
}

/** Central numbers versions from 1; a Patient made here and not yet confirmed has none. */
export function versionOf(patient: Patient): number {
  const v = Number(patient.meta?.versionId ?? 0);
  return Number.isInteger(v) && v > 0 ? v : 0;
}
