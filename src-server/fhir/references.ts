import type { Resource } from '@medplum/fhirtypes';
import { badRequest } from '../../shared/fhir/outcomes.js';

/**
 * Rewrites every `reference` in a resource that names a bundle-local fullUrl (`urn:uuid:...`) to
 * the Type/id the server assigned, in place. A `urn:uuid:` reference nothing in the bundle defines
 * is a 400: storing it would leave a reference no one can follow.
 */
export function rewriteReferences(resource: Resource, assigned: ReadonlyMap<string, string>): void {
  visit(resource as unknown as Record<string, unknown>, assigned, resource.resourceType);
}

function visit(node: Record<string, unknown> | unknown[], assigned: ReadonlyMap<string, string>, path: string): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => {
      if (item && typeof item === 'object') visit(item as Record<string, unknown>, assigned, `${path}[${i}]`);
    });
    return;
  }
  for (const [name, value] of Object.entries(node)) {
    if (name === 'reference' && typeof value === 'string' && value.startsWith('urn:')) {
      const target = assigned.get(value);
      if (!target) throw badRequest('The reference names a urn that no entry of the bundle defines', `${path}.reference`);
      node[name] = target;
    } else if (value && typeof value === 'object') {
      visit(value as Record<string, unknown>, assigned, `${path}.${name}`);
    }
  }
}

const NOTHING_ASSIGNED: ReadonlyMap<string, string> = new Map();

/** A 400 for any bundle-local (`urn:`) reference left in a resource about to be stored. */
export function refuseBundleLocalReferences(resource: Resource): void {
  visit(resource as unknown as Record<string, unknown>, NOTHING_ASSIGNED, resource.resourceType);
}
