import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '@medplum/fhirtypes';
import type { Principal, RequestOrigin } from '../auth/principal.js';
import type { Queryable } from '../db/database.js';
import { prepared } from '../db/prepared.js';

/** What happened, in the words of the REST interaction (BALP's subtype). */
export type AuditedInteraction = 'read' | 'vread' | 'search' | 'history' | 'create' | 'update' | 'delete' | 'everything' | 'transaction' | 'batch';

export interface AuditInput {
  principal: Principal;
  origin: RequestOrigin;
  interaction: AuditedInteraction;
  resourceType: string;
  resourceId?: string | undefined;
  /** The search or history query, as received (stored, never rendered as markup). */
  query?: string | undefined;
  /** Every patient whose data the interaction touched; one AuditEvent per patient. */
  patientIds: readonly string[];
  outcome: 'success' | 'failure';
  /** A stated reason for access outside the clinic's scope (break-the-glass). */
  breakTheGlassReason?: string | undefined;
}

const ACTION_CODE: Record<AuditedInteraction, 'C' | 'R' | 'U' | 'D' | 'E'> = {
  read: 'R',
  vread: 'R',
  search: 'E',
  history: 'R',
  everything: 'E',
  create: 'C',
  update: 'U',
  delete: 'D',
  transaction: 'E',
  batch: 'E',
};

/**
 * Writes the audit trail of one interaction: one AuditEvent per patient touched (none when no
 * patient's data was involved). Callers pass the transaction that did the work when there is one,
 * so the record and the audit commit or fail together.
 */
export async function recordAudit(q: Queryable, input: AuditInput, recorded: Date): Promise<void> {
  await insertAuditRows(q, auditRows(input, recorded));
}

/** One audit_event row: its search columns and the AuditEvent itself. */
export interface AuditRow {
  id: string;
  recorded: string;
  agent_subject: string;
  agent_org: string | null;
  device_id: string | null;
  patient_id: string;
  action: AuditedInteraction;
  outcome: 'success' | 'failure';
  break_glass: boolean;
  content: AuditEvent;
}

/** The rows of one interaction's audit trail, one per patient. */
export function auditRows(input: AuditInput, recorded: Date): AuditRow[] {
  return [...new Set(input.patientIds)].map((patientId) => {
    const content = toAuditEvent(input, patientId, recorded);
    return {
      id: content.id,
      recorded: recorded.toISOString(),
      agent_subject: input.principal.subject,
      agent_org: input.principal.organizationId ?? null,
      device_id: input.principal.deviceId ?? null,
      patient_id: patientId,
      action: input.interaction,
      outcome: input.outcome,
      break_glass: Boolean(input.breakTheGlassReason),
      content,
    };
  });
}

const INSERT_AUDIT_ROWS = prepared(
  `INSERT INTO audit_event (id, recorded, agent_subject, agent_org, device_id, patient_id, action, outcome, break_glass, content)
   SELECT id, recorded, agent_subject, agent_org, device_id, patient_id, action, outcome, break_glass, content
   FROM jsonb_to_recordset($1::jsonb) AS x(id text, recorded timestamptz, agent_subject text, agent_org text, device_id text, patient_id text,
     action text, outcome text, break_glass boolean, content jsonb)`,
);

/**
 * The same insert as a statement of its own whose commit does not wait for the WAL flush
 * (synchronous_commit off for its implicit transaction, set by set_config in the statement): what
 * fhir/http.ts auditAccess uses for reads, in one round trip. Only for `q` = the database itself,
 * never an open transaction (the setting would then cover the whole transaction).
 */
const INSERT_AUDIT_ROWS_NO_FLUSH = prepared(
  `INSERT INTO audit_event (id, recorded, agent_subject, agent_org, device_id, patient_id, action, outcome, break_glass, content)
   SELECT id, recorded, agent_subject, agent_org, device_id, patient_id, action, outcome, break_glass, content
   FROM jsonb_to_recordset($1::jsonb) AS x(id text, recorded timestamptz, agent_subject text, agent_org text, device_id text, patient_id text,
     action text, outcome text, break_glass boolean, content jsonb)
   WHERE (SELECT set_config('synchronous_commit', 'off', true)) IS NOT NULL`,
);

/** Inserts audit rows in one statement; `flush: false` is for a read's trail alone (see above). */
export async function insertAuditRows(q: Queryable, rows: readonly AuditRow[], options: { flush: boolean } = { flush: true }): Promise<void> {
  if (rows.length === 0) return;
  await q.query(options.flush ? INSERT_AUDIT_ROWS : INSERT_AUDIT_ROWS_NO_FLUSH, [JSON.stringify(rows)]);
}

/** The IHE Basic Audit Log Patterns shape of one patient's part of an interaction. */
function toAuditEvent(input: AuditInput, patientId: string, recorded: Date): AuditEvent & { id: string } {
  const { principal, origin } = input;
  const entity: NonNullable<AuditEvent['entity']> = [
    { what: { reference: `Patient/${patientId}` }, type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1' }, role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1' } },
  ];
  if (input.resourceId && !(input.resourceType === 'Patient' && input.resourceId === patientId)) {
    entity.push({ what: { reference: `${input.resourceType}/${input.resourceId}` }, type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2' } });
  }
  if (input.query) {
    entity.push({ type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2' }, role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '24' }, query: Buffer.from(input.query).toString('base64') });
  }
  return {
    resourceType: 'AuditEvent',
    id: randomUUID(),
    type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' },
    subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: input.interaction }],
    action: ACTION_CODE[input.interaction],
    recorded: recorded.toISOString(),
    outcome: input.outcome === 'success' ? '0' : '4',
    purposeOfEvent: input.breakTheGlassReason
      ? [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'BTG', display: 'break the glass' }], text: input.breakTheGlassReason }]
      : [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT', display: 'treatment' }] }],
    agent: [
      {
        who: principal.practitionerId ? { reference: `Practitioner/${principal.practitionerId}`, display: principal.display } : { identifier: { value: principal.subject }, display: principal.display },
        role: principal.roles.map((role) => ({ coding: [{ system: 'https://medkarta.by/fhir/CodeSystem/role', code: role }] })),
        requestor: true,
        network: { address: origin.ip, type: '2' },
        ...(principal.organizationId ? { location: { reference: `Organization/${principal.organizationId}` } } : {}),
      },
      ...(principal.deviceId ? [{ who: { identifier: { system: 'https://medkarta.by/fhir/device', value: principal.deviceId } }, requestor: false }] : []),
    ],
    source: { observer: { display: 'Medkarta Central' }, type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4' }] },
    entity,
  };
}
