import type { Bundle, Resource } from '@medplum/fhirtypes';

/**
 * Resources as FHIR transaction bundles of `size` entries, each a PUT to Type/id so the demo's own
 * ids are kept (update-as-create): what a benchmark or another system posts to `POST /fhir`.
 * References between resources are plain Type/id, so a patient's record may span bundles as long as
 * they are posted in order.
 */
export function* demoTransactionBundles(resources: Iterable<Resource>, size = 50): Generator<Bundle> {
  let entry: NonNullable<Bundle['entry']> = [];
  for (const resource of resources) {
    entry.push({ fullUrl: `${resource.resourceType}/${resource.id}`, resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } });
    if (entry.length >= size) {
      yield { resourceType: 'Bundle', type: 'transaction', entry };
      entry = [];
    }
  }
  if (entry.length > 0) yield { resourceType: 'Bundle', type: 'transaction', entry };
}
