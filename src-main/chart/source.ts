import type { Reference, Resource } from '@medplum/fhirtypes';
import type { Source } from '../../shared/api/chart-method.js';
import { humanName, referenceKey } from './fhir-read.js';
import { institutionKind } from './institutions.js';
import type { RecordIndex } from './record-index.js';

const UNKNOWN: Source = { institution: null, institutionKind: 'unknown', practitioner: null };

/**
 * Who recorded a resource and where, from whichever fields its type uses, falling back to the
 * encounter it belongs to (a lab value inherits the hospital of the stay it was taken in).
 * Results are cached per reference: thousands of observations point at the same few laboratories.
 */
export class Sources {
  private readonly cache = new Map<string, Partial<Source>>();
  private readonly encounterSources = new Map<string, Source>();
  private readonly combined = new Map<string, Source>();

  constructor(private readonly index: RecordIndex) {}

  of(resource: Resource): Source {
    if (resource.resourceType === 'Encounter') return this.ofEncounterId(resource.id);
    const actors = actorsOf(resource);
    const encounter = 'encounter' in resource ? (resource.encounter as Reference | undefined) : undefined;
    // A thousand results from one laboratory in a hundred visits: the same few answers, computed once.
    const key = `${encounter?.reference ?? ''}|${actors.map((a) => a?.reference ?? a?.display ?? '').join('|')}`;
    let source = this.combined.get(key);
    if (!source) this.combined.set(key, (source = this.compute(actors, encounter)));
    return source;
  }

  private compute(actors: readonly (Reference | undefined)[], encounter: Reference | undefined): Source {
    const own = this.merge(actors);
    const encounterKey = referenceKey(encounter);
    if (!encounterKey || (own.institution && own.practitioner)) return own;
    const fromEncounter = this.ofEncounterId(encounterKey.slice('Encounter/'.length));
    return {
      institution: own.institution ?? fromEncounter.institution,
      institutionKind: own.institution ? own.institutionKind : fromEncounter.institutionKind,
      practitioner: own.practitioner ?? fromEncounter.practitioner,
    };
  }

  private ofEncounterId(id: string | undefined): Source {
    if (!id) return UNKNOWN;
    const cached = this.encounterSources.get(id);
    if (cached) return cached;
    const encounter = this.index.resolve({ reference: `Encounter/${id}` }, 'Encounter');
    const source = encounter ? this.merge([encounter.serviceProvider, ...(encounter.participant ?? []).map((p) => p.individual)]) : UNKNOWN;
    this.encounterSources.set(id, source);
    return source;
  }

  /** The first organization and the first person among the actors. */
  private merge(actors: readonly (Reference | undefined)[]): Source {
    let institution: string | null = null;
    let kind: Source['institutionKind'] = 'unknown';
    let practitioner: string | null = null;
    for (const actor of actors) {
      if (!actor) continue;
      const part = this.actor(actor);
      if (!institution && part.institution) {
        institution = part.institution;
        kind = part.institutionKind ?? 'unknown';
      }
      practitioner ??= part.practitioner ?? null;
    }
    return { institution, institutionKind: kind, practitioner };
  }

  private actor(reference: Reference): Partial<Source> {
    const key = referenceKey(reference) ?? `display|${reference.display ?? ''}|${reference.type ?? ''}`;
    let part = this.cache.get(key);
    if (!part) {
      part = this.describe(reference);
      this.cache.set(key, part);
    }
    return part;
  }

  private describe(reference: Reference): Partial<Source> {
    const type = referenceKey(reference)?.split('/')[0] ?? reference.type;
    if (type === 'Organization') {
      const organization = this.index.resolve(reference, 'Organization');
      // The short name people use ("УЗ «10-я ГКП»") keeps the chart dense; the full one when there is none.
      const name = organization?.alias?.[0] ?? organization?.name ?? reference.display ?? null;
      return { institution: name, institutionKind: institutionKind(organization, organization?.name ?? name) };
    }
    if (type === 'Practitioner') {
      return { practitioner: humanName(this.index.resolve(reference, 'Practitioner')?.name) ?? reference.display ?? null };
    }
    if (type === 'PractitionerRole') {
      const role = this.index.resolve(reference, 'PractitionerRole');
      const person = role?.practitioner ? this.describe(role.practitioner) : {};
      const organization = role?.organization ? this.describe(role.organization) : {};
      return { ...organization, practitioner: person.practitioner ?? reference.display ?? null };
    }
    return {};
  }
}

/** The references that say who did it, per resource type, organisation or person in any order. */
function actorsOf(resource: Resource): (Reference | undefined)[] {
  switch (resource.resourceType) {
    case 'Condition':
      return [resource.recorder, resource.asserter];
    case 'Observation':
    case 'DiagnosticReport':
      return resource.performer ?? [];
    case 'Immunization':
      return (resource.performer ?? []).map((p) => p.actor);
    case 'Procedure':
      return (resource.performer ?? []).flatMap((p) => [p.actor, p.onBehalfOf]);
    case 'MedicationRequest':
      return [resource.requester, resource.performer];
    case 'AllergyIntolerance':
      return [resource.recorder, resource.asserter];
    case 'DocumentReference':
      return [...(resource.author ?? []), resource.custodian];
    default:
      return [];
  }
}
