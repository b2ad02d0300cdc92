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
