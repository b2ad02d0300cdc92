import type { AuditEvent } from '@medplum/fhirtypes';
import type { Queryable } from '../db/database.js';
import type { AuditRow } from './search.js';

/**
 * How audit records are shown. A privacy officer sees the whole BALP record; a patient sees who
 * opened their record, when, from which institution, what they did and whether it was an
 * emergency (break-the-glass) access, but not network addresses, device ids or query texts.
 * Both get the institution's name filled in from its Organization resource.
 */
export async function presentAuditEvents(db: Queryable, rows: readonly AuditRow[], audience: 'officer' | 'patient'): Promise<AuditEvent[]> {
  const names = await organizationNames(db, rows.map((row) => row.agent_org).filter((id): id is string => id !== null));
  return rows.map((row) => {
    const event = withInstitutionNames(row.content, names);
    return audience === 'officer' ? event : forPatient(event);
  });
}

async function organizationNames(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; name: string | null }>(
    `SELECT id, content->>'name' AS name FROM resource WHERE resource_type = 'Organization' AND id = ANY($1::text[])`,
    [unique],
  );
  return new Map(rows.filter((row) => row.name).map((row) => [row.id, row.name!]));
}

function withInstitutionNames(event: AuditEvent & { id: string }, names: Map<string, string>): AuditEvent & { id: string } {
  return {
    ...event,
    agent: event.agent?.map((agent) => {
      const id = agent.location?.reference?.replace(/^Organization\//, '');
      const display = id ? names.get(id) : undefined;
      return display && agent.location ? { ...agent, location: { ...agent.location, display } } : agent;
    }),
  };
}

function forPatient(event: AuditEvent & { id: string }): AuditEvent {
  const person = event.agent?.find((agent) => agent.requestor) ?? event.agent?.[0];
  return {
    resourceType: 'AuditEvent',
    id: event.id,
    type: event.type,
    subtype: event.subtype,
    action: event.action,
    recorded: event.recorded,
    outcome: event.outcome,
    purposeOfEvent: event.purposeOfEvent,
    agent: [
      {
        who: { display: person?.who?.display ?? 'Unknown' },
        role: person?.role,
        requestor: true,
        ...(person?.location ? { location: person.location } : {}),
      },
    ],
    source: event.source,
    entity: event.entity?.filter((entity) => entity.what?.reference).map((entity) => ({ what: entity.what, type: entity.type, role: entity.role })),
  };
}

/** One break-the-glass access on the privacy officer's review list. */
export interface BreakGlassAccess {
  id: string;
  recorded: string;
  user: { id: string; display: string; roles: string[] };
  institution: { id: string | null; name: string | null };
  patient: { id: string | null; name: string | null };
  reason: string;
  interaction: string;
  outcome: 'success' | 'failure';
  deviceId: string | null;
  /** Someone of another institution (not the reviewing clinic's staff) opened one of its patients. */
  otherInstitution: boolean;
}

/** The review list's rows: who opened whose record, from which institution, and why; `clinic` reviews them. */
export async function breakGlassAccesses(db: Queryable, rows: readonly AuditRow[], clinic: string): Promise<BreakGlassAccess[]> {
  const institutions = await organizationNames(db, rows.map((row) => row.agent_org).filter((id): id is string => id !== null));
  const patients = await patientNames(db, rows.map((row) => row.patient_id).filter((id): id is string => id !== null));
  return rows.map((row) => {
    const event = row.content;
    const person = event.agent?.find((agent) => agent.requestor) ?? event.agent?.[0];
    const device = event.agent?.find((agent) => !agent.requestor)?.who?.identifier?.value;
    return {
      id: event.id,
      recorded: event.recorded,
      user: { id: row.agent_subject, display: person?.who?.display ?? row.agent_subject, roles: (person?.role ?? []).flatMap((role) => role.coding?.map((c) => c.code ?? '') ?? []) },
      institution: { id: row.agent_org, name: row.agent_org ? (institutions.get(row.agent_org) ?? null) : null },
      patient: { id: row.patient_id, name: row.patient_id ? (patients.get(row.patient_id) ?? null) : null },
      reason: event.purposeOfEvent?.find((purpose) => purpose.coding?.some((c) => c.code === 'BTG'))?.text ?? '',
      interaction: event.subtype?.[0]?.code ?? '',
      outcome: event.outcome === '0' ? 'success' : 'failure',
      deviceId: device ?? null,
      otherInstitution: row.agent_org !== clinic,
    };
  });
}

/** One line of the patient's "who opened my record": person, role, institution, when, what, why. */
export interface RecordAccess {
  recorded: string;
  who: string;
  roles: string[];
  institution: string | null;
  interaction: string;
  breakGlass: boolean;
  reason: string | null;
}

export async function recordAccesses(db: Queryable, rows: readonly AuditRow[]): Promise<RecordAccess[]> {
  const events = await presentAuditEvents(db, rows, 'patient');
  return events.map((event) => {
    const agent = event.agent?.[0];
    const glass = event.purposeOfEvent?.find((purpose) => purpose.coding?.some((c) => c.code === 'BTG'));
    return {
      recorded: event.recorded ?? '',
      who: agent?.who?.display ?? 'Unknown',
      roles: (agent?.role ?? []).flatMap((role) => role.coding?.map((c) => c.code ?? '') ?? []),
      institution: agent?.location?.display ?? null,
      interaction: event.subtype?.[0]?.code ?? '',
      breakGlass: glass !== undefined,
      reason: glass?.text ?? null,
    };
  });
}

async function patientNames(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; family: string | null; given: string | null }>(
    `SELECT id, content->'name'->0->>'family' AS family, content->'name'->0->'given'->>0 AS given FROM resource WHERE resource_type = 'Patient' AND id = ANY($1::text[])`,
    [unique],
  );
  return new Map(rows.filter((row) => row.family || row.given).map((row) => [row.id, [row.family, row.given].filter(Boolean).join(' ')]));
}
