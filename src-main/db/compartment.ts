import type { Reference, Resource } from '@medplum/fhirtypes';

/**
 * The Patient whose record a resource belongs to, read from the references that put a resource in
 * the Patient compartment. Resources of no patient (Organization, Practitioner, Slot…) give null.
 */
export function patientIdOf(resource: Resource): string | null {
  if (resource.resourceType === 'Patient') return resource.id ?? null;
  const r = resource as unknown as Record<string, unknown>;
  for (const field of ['subject', 'patient', 'beneficiary']) {
    const id = patientIdFromReference(r[field]);
    if (id) return id;
  }
  if (Array.isArray(r.participant)) {
    for (const p of r.participant as { actor?: Reference }[]) {
      const id = patientIdFromReference(p.actor);
      if (id) return id;
    }
  }
  return null;
}

function patientIdFromReference(value: unknown): string | null {
  const reference = (value as Reference | undefined)?.reference;
  if (typeof reference !== 'string') return null;
  const match = /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(reference);
  return match ? match[1]! : null;
}
