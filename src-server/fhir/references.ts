import type { Resource } from '@medplum/fhirtypes';
import { badRequest } from '../../shared/fhir/outcomes.js';

/**
 * Rewrites every `reference` in a resource that names a bundle-local fullUrl (`urn:uuid:...`) to
 * the Type/id the server assigned, in place. A `urn:uuid:` reference nothing in the bundle defines
 * is a 400: storing it would leave a reference no one can follow.
 */
export function rewriteReferences(resource: Resource, assigned: ReadonlyMap<string, string>): void {
  if (rewrite(resource as unknown as Record<string, unknown>, assigned)) return;
  // A urn nothing defines: found again, this time with its path, for the refusal.
  throw badRequest('The reference names a urn that no entry of the bundle defines', `${pathOfUnassigned(resource as unknown as Record<string, unknown>, assigned, resource.resourceType)}.reference`);
}

/** Rewrites what it can, in place; false when a `urn:` reference has nothing assigned. */
function rewrite(node: Record<string, unknown> | unknown[], assigned: ReadonlyMap<string, string>): boolean {
  if (Array.isArray(node)) {
    for (const item of node) if (item && typeof item === 'object' && !rewrite(item as Record<string, unknown>, assigned)) return false;
    return true;
  }
  for (const name in node) {
    if (!Object.hasOwn(node, name)) continue;
    const value = node[name];
    if (name === 'reference' && typeof value === 'string' && value.startsWith('urn:')) {
      const target = assigned.get(value);
      if (!target) return false;
      node[name] = target;
    } else if (value && typeof value === 'object' && !rewrite(value as Record<string, unknown>, assigned)) {
      return false;
    }
  }
  return true;
}

function pathOfUnassigned(node: Record<string, unknown> | unknown[], assigned: ReadonlyMap<string, string>, path: string): string | undefined {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) {
      const found = item && typeof item === 'object' ? pathOfUnassigned(item as Record<string, unknown>, assigned, `${path}[${i}]`) : undefined;
      if (found) return found;
    }
    return undefined;
  }
  for (const [name, value] of Object.entries(node)) {
    if (name === 'reference' && typeof value === 'string' && value.startsWith('urn:') && !assigned.has(value)) return path;
    const found = value && typeof value === 'object' ? pathOfUnassigned(value as Record<string, unknown>, assigned, `${path}.${name}`) : undefined;
    if (found) return found;
  }
  return undefined;
}

const NOTHING_ASSIGNED: ReadonlyMap<string, string> = new Map();

/** A 400 for any bundle-local (`urn:`) reference left in a resource about to be stored. */
export function refuseBundleLocalReferences(resource: Resource): void {
  rewriteReferences(resource, NOTHING_ASSIGNED);
}
