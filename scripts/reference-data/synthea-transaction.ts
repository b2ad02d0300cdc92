import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { isStoredType } from '../../src-server/fhir/resource-types.js';

/**
 * A Synthea bundle (a batch of POSTs linked by urn:uuid) as the transaction Central should get:
 * entries of types Central does not keep (claims, care plans...) are left out and counted in
 * `left`, a reference to one of them keeps its words but points nowhere, and organisations and
 * practitioners become conditional creates by identifier, so each is stored once however many
 * patient files repeat them.
 */
export function syntheaAsTransaction(bundle: Bundle, left: Map<string, number>): Bundle {
  const kept = (bundle.entry ?? []).filter((entry) => {
    const type = entry.resource!.resourceType;
    if (!isStoredType(type)) left.set(type, (left.get(type) ?? 0) + 1);
    return isStoredType(type);
  });
  const keptUrls = new Set(kept.map((entry) => entry.fullUrl));
  const entry: BundleEntry[] = kept.map((e) => {
    const text = JSON.stringify(e.resource).replace(/\{"reference":"(urn:uuid:[^"]+)"([^}]*)\}/g, (whole, url: string, rest: string) =>
      keptUrls.has(url) ? whole : `{"display":"left out: ${url}"${rest.replace(/,"display":"[^"]*"/, '')}}`,
    );
    const resource = JSON.parse(text) as Resource & { identifier?: { system?: string; value?: string }[] };
    const id = resource.identifier?.[0];
    const directory = (resource.resourceType === 'Organization' || resource.resourceType === 'Practitioner') && id?.system && id.value;
    return { ...e, resource, request: { method: 'POST', url: resource.resourceType, ...(directory ? { ifNoneExist: `identifier=${encodeURIComponent(`${id.system}|${id.value}`)}` } : {}) } };
  });
  return { resourceType: 'Bundle', type: 'transaction', entry };
}
