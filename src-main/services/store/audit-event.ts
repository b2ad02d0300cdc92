import { randomUUID } from 'node:crypto';
import type { AuditEvent, AuditEventEntity } from '@medplum/fhirtypes';
import { SYSTEMS } from '../../../shared/fhir/systems.js';

export type AuditAction = 'search' | 'read' | 'create' | 'update';
/** BALP's outcome: '0' success, '4' minor failure (a refused act, as Central records one). */
export type AuditOutcome = 'success' | 'failure';

export interface AuditContext {
  userId: string;
  userDisplay: string;
  practitionerId?: string | undefined;
  organizationId: string;
  deviceId: string;
  deviceDisplay: string;
}

const INTERACTION: Record<AuditAction, { code: string; display: string; action: AuditEvent['action'] }> = {
  // Central's word for a search (src-server/audit/audit.ts), so its trail is searched alike.
  search: { code: 'search', display: 'search', action: 'E' },
  read: { code: 'read', display: 'read', action: 'R' },
  create: { code: 'create', display: 'create', action: 'C' },
  update: { code: 'update', display: 'update', action: 'U' },
};

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';

/**
 * An AuditEvent in the shape of IHE Basic Audit Log Patterns (BALP): a RESTful interaction by a
 * user (the requestor, at their organisation) through this workstation (the device agent, which
 * Central reads to know where it happened), about a patient and, for a search, the query. The id is
 * chosen here so a resent event is recorded once.
 */
export function balpAuditEvent(
  context: AuditContext,
  event: { action: AuditAction; patientId?: string | undefined; query?: string | undefined; breakGlassReason?: string | undefined; outcome?: AuditOutcome | undefined },
  now: Date,
): AuditEvent & { id: string } {
  const interaction = INTERACTION[event.action];
  const entity: AuditEventEntity[] = [];
  if (event.patientId) {
    entity.push({
      what: { reference: `Patient/${event.patientId}` },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
    });
  }
  if (event.query !== undefined) {
    entity.push({
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2', display: 'System Object' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '24', display: 'Query' },
      query: Buffer.from(event.query, 'utf8').toString('base64'),
    });
  }
  const auditEvent: AuditEvent & { id: string } = {
    resourceType: 'AuditEvent',
    id: randomUUID(),
    type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' },
    subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: interaction.code, display: interaction.display }],
    action: interaction.action,
    recorded: now.toISOString(),
    outcome: event.outcome === 'failure' ? '4' : '0',
    agent: [
      {
        type: { coding: [{ system: DCM, code: '110153', display: 'Source Role ID' }] },
        who: { identifier: { system: SYSTEMS.device, value: context.deviceId }, display: context.deviceDisplay },
        requestor: false,
      },
      {
        type: { coding: [{ system: DCM, code: '110152', display: 'Destination Role ID' }] },
        who: {
          identifier: { system: SYSTEMS.username, value: context.userId },
          ...(context.practitionerId ? { reference: `Practitioner/${context.practitionerId}` } : {}),
          display: context.userDisplay,
        },
        requestor: true,
        location: { reference: `Organization/${context.organizationId}` },
      },
    ],
    source: {
      observer: { identifier: { system: SYSTEMS.device, value: context.deviceId }, display: context.deviceDisplay },
      type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }],
    },
  };
  if (entity.length) auditEvent.entity = entity;
  if (event.breakGlassReason) {
    auditEvent.purposeOfEvent = [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'BTG', display: 'break the glass' }], text: event.breakGlassReason }];
  }
  return auditEvent;
}
