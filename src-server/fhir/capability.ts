import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';
import { SUPPORTED_TYPES } from '../../shared/domain/access.js';
import { searchParametersFor } from './search/definitions.js';

/** The interactions every supported type answers (routes/fhir.ts registers exactly these). */
const TYPE_INTERACTIONS = ['read', 'vread', 'update', 'delete', 'history-instance', 'history-type', 'create', 'search-type'] as const;

/**
 * The CapabilityStatement, built from the same tables the code runs on: the supported types of the
 * role matrix, the interactions the routes register and the search module's parameter definitions.
 * Adding a type or a parameter there changes what this says; nothing here is written by hand twice.
 */
export function capabilityStatement(baseUrl: string, date: Date): CapabilityStatement {
  const resource: CapabilityStatementRestResource[] = SUPPORTED_TYPES.map((type) => ({
    type,
    profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
    interaction: TYPE_INTERACTIONS.map((code) => ({ code })),
    versioning: 'versioned-update',
    readHistory: true,
    updateCreate: true,
    conditionalCreate: true,
    conditionalRead: 'not-supported',
    conditionalUpdate: false,
    conditionalDelete: 'not-supported',
    searchParam: searchParametersFor(type).map((param) => ({ name: param.name, type: param.kind, documentation: param.documentation })),
    ...(type === 'Patient' ? { operation: [{ name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything' }] } : {}),
  }));
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: date.toISOString(),
    kind: 'instance',
    software: { name: 'Medkarta Central' },
    implementation: { description: 'Medkarta Central: the national FHIR R4 health-records service', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'application/json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: false,
          description: 'Every interaction except GET /metadata needs a bearer token from POST /auth/login (staff, patients) or the client-credentials flow (institutions).',
        },
        resource,
        interaction: [{ code: 'transaction' }, { code: 'batch' }],
      },
    ],
  };
}
