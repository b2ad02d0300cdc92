import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';
import { ROLE_MATRIX, type Action } from '../../shared/domain/access.js';
import { STORED_TYPES } from './resource-types.js';
import { searchParametersFor } from './search/definitions.js';

type Interaction = NonNullable<CapabilityStatementRestResource['interaction']>[number]['code'];

/** The REST interactions routes/fhir.ts serves for each action of the role matrix. */
const INTERACTIONS_OF: Record<Action, readonly Interaction[]> = {
  read: ['read', 'vread'],
  update: ['update'],
  delete: ['delete'],
  history: ['history-instance', 'history-type'],
  create: ['create'],
  search: ['search-type'],
};

/** Every action some role is granted on a type: what the server will ever do with it. */
function grantedActions(type: string): Set<Action> {
  return new Set(Object.values(ROLE_MATRIX).flatMap((grants) => grants[type] ?? []));
}

export interface CapabilityFacts {
  /** Whether the audit trail's read-only AuditEvent routes are registered (routes/audit.ts). */
  auditTrail: boolean;
}

/**
 * The CapabilityStatement, built from the tables the code runs on: the stored types, the role
 * matrix (an interaction no role may perform is not offered), and the search module's parameter
 * definitions (exactly what parseSearch accepts). Nothing here is written by hand twice.
 */
export function capabilityStatement(baseUrl: string, date: Date, facts: CapabilityFacts): CapabilityStatement {
  const resource: CapabilityStatementRestResource[] = STORED_TYPES.flatMap((type) => {
    const actions = grantedActions(type);
    if (actions.size === 0) return [];
    const params = searchParametersFor(type);
    return [
      {
        type,
        profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
        interaction: [...actions].flatMap((action) => INTERACTIONS_OF[action]).map((code) => ({ code })),
        versioning: 'versioned-update',
        readHistory: actions.has('history'),
        updateCreate: actions.has('update'),
        conditionalCreate: actions.has('create'),
        conditionalRead: 'not-supported',
        conditionalUpdate: false,
        conditionalDelete: 'not-supported',
        ...(actions.has('search')
          ? { searchParam: params.map((param) => ({ name: param.name, type: param.kind, documentation: param.sortable ? `${param.documentation} (sortable)` : param.documentation })) }
          : {}),
        ...(type === 'Patient' && actions.has('read') ? { operation: [{ name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything' }] } : {}),
      },
    ];
  });
  if (facts.auditTrail) {
    const actions = grantedActions('AuditEvent');
    resource.push({
      type: 'AuditEvent',
      profile: 'http://hl7.org/fhir/StructureDefinition/AuditEvent',
      documentation: 'The audit trail, read-only: every read and search of a patient\'s record, searchable by patient, agent, date, action and outcome',
      interaction: (['read', 'search'] as const).filter((action) => actions.has(action)).map((action) => ({ code: INTERACTIONS_OF[action][0]! })),
    });
  }
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
        documentation: 'Search answers in pages of _count (default 20, at most 1000) with next/previous links; also _sort (up to three keys, - for descending), _summary=count and _elements. The total is exact when it is cheap to count or at most 1,000; beyond that it is left out unless _total=accurate asks for it.',
        resource,
        interaction: [{ code: 'transaction' }, { code: 'batch' }],
      },
    ],
  };
}
