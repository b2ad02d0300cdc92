import type { Reference, Resource } from '@medplum/fhirtypes';

/**
 * Which Patient's record a resource belongs to: one rule for Central (its `patient_id` column, the
 * scope, the clinic reach) and the workstation (its replica's `patient_id`), so a resource is filed
 * under the same patient on both sides and a workstation may take the patient Central names for it.
 */

/** The fields through which our resource types point at the Patient they are about. */
const PATIENT_FIELDS = ['subject', 'patient', 'beneficiary'] as const;

const PATIENT_REFERENCE = /^(?:[a-z]+:\/\/[^?#]*\/)?Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/** The Patient id a reference names, or undefined when it names anything else. */
export function patientIdOfReference(reference: Reference | undefined): string | undefined {
  const text = reference?.reference;
  return typeof text === 'string' ? PATIENT_REFERENCE.exec(text)?.[1] : undefined;
}

/**
 * The Patient whose compartment holds this resource: the Patient itself, the Patient its subject,
 * patient or beneficiary points at, or for an Appointment the Patient among its participants.
 * Undefined for directory and scheduling resources that belong to no one patient.
 */
export function patientCompartmentOf(resource: Resource): string | undefined {
  if (resource.resourceType === 'Patient') return resource.id;
  const fields = resource as unknown as Record<string, unknown>;
  for (const field of PATIENT_FIELDS) {
    const value = fields[field];
    const candidates = Array.isArray(value) ? value : [value];
    for (const candidate of candidates) {
      const id = patientIdOfReference(candidate as Reference | undefined);
      if (id) return id;
    }
  }
  if (resource.resourceType === 'Appointment') {
    for (const participant of resource.participant ?? []) {
      const id = patientIdOfReference(participant.actor);
      if (id) return id;
    }
  }
  return undefined;
}
