import type { AuditEvent } from '@medplum/fhirtypes';
import { badRequest } from '../../shared/fhir/outcomes.js';
import type { Queryable } from '../db/database.js';
import { patientIdOfReference } from '../../shared/fhir/compartment.js';

/**
 * Appends an AuditEvent the workstation recorded (a chart opened, a search run, possibly offline)
 * to Central's trail. The event's id was chosen by the workstation, so delivering it twice still
 * leaves one record.
 */
export async function recordWorkstationAudit(tx: Queryable, event: AuditEvent & { id: string }, now: Date): Promise<void> {
  const recorded = typeof event.recorded === 'string' && !Number.isNaN(Date.parse(event.recorded)) ? new Date(event.recorded) : undefined;
  if (!recorded) throw badRequest('The AuditEvent needs a recorded time', 'AuditEvent.recorded');
  const requestor = event.agent?.find((agent) => agent.requestor) ?? event.agent?.[0];
  const subject = requestor?.who?.identifier?.value ?? requestor?.who?.reference;
  if (!subject) throw badRequest('The AuditEvent needs an agent who made the request', 'AuditEvent.agent');
  const patientId = event.entity?.map((entity) => patientIdOfReference(entity.what)).find((id) => id !== undefined);
  const device = event.agent?.find((agent) => agent.who?.identifier?.system === 'https://medkarta.by/fhir/device')?.who?.identifier?.value;
  const organization = /^Organization\/(.+)$/.exec(requestor?.location?.reference ?? '')?.[1];
  const interaction = event.subtype?.[0]?.code ?? event.action ?? 'read';
  const breakGlass = event.purposeOfEvent?.some((purpose) => purpose.coding?.some((coding) => coding.code === 'BTG')) ?? false;
  // Central records when it received the event too, since a workstation's clock can be off by a day.
  const content = { ...event, extension: [...(event.extension ?? []), { url: 'https://medkarta.by/fhir/StructureDefinition/received', valueInstant: now.toISOString() }] };
  await tx.query(
    `INSERT INTO audit_event (id, recorded, agent_subject, agent_org, device_id, patient_id, action, outcome, break_glass, content)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
    [event.id, recorded.toISOString(), subject, organization ?? null, device ?? null, patientId ?? null, interaction, event.outcome === '0' || event.outcome === undefined ? 'success' : 'failure', breakGlass, JSON.stringify(content)],
  );
}
