import type { Resource } from '@medplum/fhirtypes';
import { patientCompartmentOf } from '../../shared/fhir/compartment.js';

/**
 * The Patient whose record a resource belongs to on this workstation: Central's rule
 * (shared/fhir/compartment.ts), so the replica files a resource where Central does. Resources of no
 * patient (Organization, Practitioner, Slot…) give null.
 */
export function patientIdOf(resource: Resource): string | null {
  return patientCompartmentOf(resource) ?? null;
}
