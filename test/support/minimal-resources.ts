import type { Resource } from '@medplum/fhirtypes';
import type { SupportedType } from '../../shared/domain/access.js';

/**
 * The smallest valid R4 resource of each type the store keeps, about `patientId` wherever the type
 * has a patient (Provenance has none: it points at the Patient as its target). Tests that walk
 * every type (the role matrix) create, update and read these.
 */
export function minimalResource(type: Exclude<SupportedType, 'AuditEvent'>, id: string, patientId: string, organizationId: string): Resource & { id: string } {
  const patient = { reference: `Patient/${patientId}` };
  const text = { text: `Matrix ${type}` };
  const when = '2026-01-15T09:00:00Z';
  const resources: Record<typeof type, Resource> = {
    Patient: { resourceType: 'Patient', name: [{ family: 'Матрица', given: ['Тест'] }], gender: 'female', birthDate: '1980-01-01', managingOrganization: { reference: `Organization/${organizationId}` } },
    Practitioner: { resourceType: 'Practitioner', name: [{ family: 'Врач', given: ['Тест'] }] },
    PractitionerRole: { resourceType: 'PractitionerRole', active: true, practitioner: { reference: 'Practitioner/mx-practitioner' } },
    Organization: { resourceType: 'Organization', name: 'Матричная поликлиника' },
    Location: { resourceType: 'Location', name: 'Кабинет 101' },
    Schedule: { resourceType: 'Schedule', actor: [{ reference: 'Practitioner/mx-practitioner' }] },
    Slot: { resourceType: 'Slot', schedule: { reference: 'Schedule/mx-schedule' }, status: 'busy-unavailable', start: '2030-01-15T09:00:00Z', end: '2030-01-15T09:15:00Z' },
    Appointment: { resourceType: 'Appointment', status: 'proposed', participant: [{ actor: patient, status: 'needs-action' }] },
    Encounter: { resourceType: 'Encounter', status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' }, subject: patient },
    EpisodeOfCare: { resourceType: 'EpisodeOfCare', status: 'active', patient },
    Condition: { resourceType: 'Condition', subject: patient, code: text },
    AllergyIntolerance: {
      resourceType: 'AllergyIntolerance',
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
      patient,
      code: text,
    },
    Immunization: { resourceType: 'Immunization', status: 'completed', vaccineCode: text, patient, occurrenceDateTime: when },
    Observation: { resourceType: 'Observation', status: 'final', code: text, subject: patient },
    DiagnosticReport: { resourceType: 'DiagnosticReport', status: 'final', code: text, subject: patient },
    Procedure: { resourceType: 'Procedure', status: 'completed', subject: patient, code: text },
    MedicationRequest: { resourceType: 'MedicationRequest', status: 'active', intent: 'order', medicationCodeableConcept: text, subject: patient },
    ServiceRequest: { resourceType: 'ServiceRequest', status: 'active', intent: 'order', subject: patient, code: text },
    DocumentReference: { resourceType: 'DocumentReference', status: 'current', subject: patient, content: [{ attachment: { contentType: 'text/plain', data: Buffer.from('matrix').toString('base64') } }] },
    Consent: {
      resourceType: 'Consent',
      status: 'active',
      scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
      category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
      patient,
      policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' }] },
    },
    Provenance: { resourceType: 'Provenance', target: [patient], recorded: when, agent: [{ who: { reference: 'Practitioner/mx-practitioner' } }] },
  };
  return { ...resources[type], id } as Resource & { id: string };
}
