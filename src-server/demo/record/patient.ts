import type { Patient } from '@medplum/fhirtypes';
import { SYSTEMS } from '../../../shared/fhir/systems.js';
import type { RecordBuilder } from './builder.js';

/**
 * The Patient as the polyclinic registered them: personal number, official name with patronymic,
 * mobile phone, home address, attached to the polyclinic (managingOrganization) and to their
 * district doctor (generalPractitioner), which is what puts them in the polyclinic's scope.
 */
export function patientResource(b: RecordBuilder): Patient & { id: string } {
  const { person } = b;
  const doctor = b.staffMember(b.doctorOn(b.today));
  const patient: Patient & { id: string } = {
    resourceType: 'Patient',
    id: b.patientId,
    meta: b.meta('polyclinic'),
    identifier: [{ use: 'official', system: SYSTEMS.personalNumber, value: person.personalNumber }],
    active: true,
    name: [{ use: 'official', family: person.family, given: person.patronymic ? [person.given, person.patronymic] : [person.given] }],
    telecom: [{ system: 'phone', value: person.phone, use: 'mobile' }],
    gender: person.sex,
    birthDate: person.birthDate,
    address: [{ use: 'home', type: 'physical', text: person.address, line: [person.addressParts.line], city: person.addressParts.city, postalCode: person.addressParts.postalCode, country: 'BY' }],
    generalPractitioner: [
      { reference: `Practitioner/${doctor.practitioner.id}`, display: doctor.practitioner.name?.[0]?.text },
      { reference: `Organization/${b.region.institutions.polyclinic.organization.id}`, display: b.region.institutions.polyclinic.organization.alias?.[0] },
    ],
    managingOrganization: { reference: `Organization/${b.region.institutions.polyclinic.organization.id}`, display: b.region.institutions.polyclinic.organization.alias?.[0] },
  };
  b.resources.unshift(patient);
  return patient;
}
