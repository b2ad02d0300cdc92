import type { Condition, Encounter, Procedure } from '@medplum/fhirtypes';
import { OPERATIONS, SURGICAL_PROCEDURE, type OperationKey } from '../catalog/procedures.js';
import { plusMinutes } from '../time.js';
import type { RecordBuilder } from './builder.js';
import { ref } from './clinical.js';

/** An operation in the hospital's theatre, as the surgeon records it. */
export function operationProcedure(
  b: RecordBuilder,
  input: { operation: OperationKey; visit: Encounter & { id: string }; reason: Condition & { id: string }; surgeon: string; start: string; minutes: [number, number]; bodySite?: string },
): Procedure & { id: string } {
  const operation = OPERATIONS[input.operation];
  return b.add<Procedure>({
    resourceType: 'Procedure',
    meta: b.meta('hospital'),
    status: 'completed',
    category: { coding: [SURGICAL_PROCEDURE], text: 'Хирургическое вмешательство' },
    code: { coding: [{ system: 'http://snomed.info/sct', code: operation.snomed, display: operation.display }], text: operation.title },
    subject: b.subject,
    encounter: ref(input.visit),
    performedPeriod: { start: input.start, end: plusMinutes(input.start, b.random.int(...input.minutes)) },
    performer: [{ actor: b.practitioner(input.surgeon), onBehalfOf: b.organization('hospital') }],
    location: b.room('hospital', 'theatre'),
    reasonReference: [ref(input.reason)],
    ...(input.bodySite ? { bodySite: [{ text: input.bodySite }] } : {}),
    outcome: { text: operation.outcome },
  });
}
