import type { Reference, Resource, ResourceType } from '@medplum/fhirtypes';
import { referenceKey } from './fhir-read.js';

type OfType<T extends ResourceType> = Extract<Resource, { resourceType: T }>;

/**
 * One pass over a patient's resources that every chart section reads from: by type, by "Type/id",
 * and what each encounter links to. Built once per chart so no section searches the whole record
 * again (a 2,000-resource record is assembled in a few milliseconds).
 */
export class RecordIndex {
  private readonly byType = new Map<string, Resource[]>();
  private readonly byKey = new Map<string, Resource>();
  private readonly byEncounter = new Map<string, Resource[]>();

  constructor(resources: readonly Resource[]) {
    for (const resource of resources) {
      const list = this.byType.get(resource.resourceType);
      if (list) list.push(resource);
      else this.byType.set(resource.resourceType, [resource]);
      if (resource.id) this.byKey.set(`${resource.resourceType}/${resource.id}`, resource);
      const encounter = encounterKeyOf(resource);
      if (encounter) {
        const linked = this.byEncounter.get(encounter);
        if (linked) linked.push(resource);
        else this.byEncounter.set(encounter, [resource]);
      }
    }
  }

  all<T extends ResourceType>(type: T): OfType<T>[] {
    return (this.byType.get(type) ?? []) as OfType<T>[];
  }

  resolve<T extends ResourceType>(reference: Reference | undefined, type?: T): OfType<T> | undefined {
    const key = referenceKey(reference);
    if (!key) return undefined;
    const found = this.byKey.get(key);
    return found && (!type || found.resourceType === type) ? (found as OfType<T>) : undefined;
  }

  /** Resources that name this encounter as theirs (Condition.encounter, Observation.encounter, DocumentReference.context...). */
  linkedTo(encounterId: string): readonly Resource[] {
    return this.byEncounter.get(`Encounter/${encounterId}`) ?? [];
  }
}

/** The encounter a clinical resource was recorded in, across the fields different types use. */
export function encounterKeyOf(resource: Resource): string | null {
  if ('encounter' in resource && resource.encounter && !Array.isArray(resource.encounter)) return referenceKey(resource.encounter as Reference);
  if (resource.resourceType === 'DocumentReference') return referenceKey(resource.context?.encounter?.[0]);
  if (resource.resourceType === 'MedicationStatement') {
    const key = referenceKey(resource.context);
    return key?.startsWith('Encounter/') ? key : null;
  }
  return null;
}
