import type { Location, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import { ScheduleDefinitionInputSchema, type ScheduleDefinition, type ScheduleDefinitionFields } from '../../shared/api/schedule.js';
import { formatHumanName } from '../../shared/fhir/appointment-summary.js';
import { notFound, preconditionFailed, unprocessable } from '../../shared/fhir/outcomes.js';
import type { Queryable } from '../db/database.js';
import { readOne } from './store.js';

/** Schedule definitions: stored as data in schedule_definition, one row per FHIR Schedule. */
interface DefinitionRow {
  schedule_id: string;
  organization_id: string;
  version: number;
  updated_at: Date | string;
  definition: unknown;
  generated_to: string | Date | null;
}

const COLUMNS = 'schedule_id, organization_id, version, updated_at, definition, generated_to';

export function toDefinition(row: DefinitionRow): ScheduleDefinition {
  const stored = typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition;
  return {
    scheduleId: row.schedule_id,
    organizationId: row.organization_id,
    version: row.version,
    updatedAt: new Date(row.updated_at).toISOString(),
    definition: ScheduleDefinitionInputSchema.parse(stored),
  };
}

/** The definition, locked for a change when `lock`; 404 for another clinic's schedule. */
export async function findDefinition(q: Queryable, scheduleId: string, organizationId: string | undefined, lock = false): Promise<ScheduleDefinition | undefined> {
  const { rows } = await q.query<DefinitionRow>(`SELECT ${COLUMNS} FROM schedule_definition WHERE schedule_id = $1${lock ? ' FOR UPDATE' : ''}`, [scheduleId]);
  const row = rows[0];
  if (!row || (organizationId !== undefined && row.organization_id !== organizationId)) return undefined;
  return toDefinition(row);
}

export async function requireDefinition(q: Queryable, scheduleId: string, organizationId: string | undefined, lock = false): Promise<ScheduleDefinition> {
  const found = await findDefinition(q, scheduleId, organizationId, lock);
  if (!found) throw notFound(`Schedule ${scheduleId} is not a schedule of this clinic`);
  return found;
}

export async function listDefinitions(q: Queryable, organizationId: string): Promise<ScheduleDefinition[]> {
  const { rows } = await q.query<DefinitionRow>(`SELECT ${COLUMNS} FROM schedule_definition WHERE organization_id = $1 ORDER BY display, schedule_id`, [organizationId]);
  return rows.map(toDefinition);
}

export interface SaveDefinition {
  scheduleId: string;
  organizationId: string;
  fields: ScheduleDefinitionFields;
  /** Absent: a new schedule. Present: the version edited, refused when someone changed it since. */
  baseVersion?: number | undefined;
  by: string;
  now: Date;
}

/** Checks what the definition points at and stores it; regenerating its slots is the caller's next step. */
export async function storeDefinition(tx: Queryable, input: SaveDefinition): Promise<ScheduleDefinition> {
  const current = await findDefinition(tx, input.scheduleId, input.organizationId, true);
  if (input.baseVersion !== undefined && current?.version !== input.baseVersion) {
    throw preconditionFailed(`Edited version ${input.baseVersion}, but the current version is ${current?.version ?? 'none'}: someone changed the schedule meanwhile`);
  }
  const fields = { ...input.fields, display: input.fields.display ?? (await defaultDisplay(tx, input.fields)) };
  await checkReferences(tx, fields, input.organizationId);
  const version = (current?.version ?? 0) + 1;
  await tx.query(
    `INSERT INTO schedule_definition (schedule_id, organization_id, practitioner_id, location_id, specialty_code, display, active, version, definition, updated_at, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (schedule_id) DO UPDATE SET practitioner_id = EXCLUDED.practitioner_id, location_id = EXCLUDED.location_id, specialty_code = EXCLUDED.specialty_code,
       display = EXCLUDED.display, active = EXCLUDED.active, version = EXCLUDED.version, definition = EXCLUDED.definition, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
    [input.scheduleId, input.organizationId, fields.practitionerId, fields.locationId, fields.specialty.code, fields.display, fields.active, version, JSON.stringify(fields), input.now.toISOString(), input.by],
  );
  return { scheduleId: input.scheduleId, organizationId: input.organizationId, version, updatedAt: input.now.toISOString(), definition: fields };
}

async function defaultDisplay(q: Queryable, fields: ScheduleDefinitionFields): Promise<string> {
  const practitioner = await readOne<Practitioner>(q, 'Practitioner', fields.practitionerId);
  const name = formatHumanName(practitioner?.name?.[0]);
  return [name || `Practitioner/${fields.practitionerId}`, fields.specialty.display].join(', ');
}

async function checkReferences(q: Queryable, fields: ScheduleDefinitionFields, organizationId: string): Promise<void> {
  if (!(await readOne(q, 'Practitioner', fields.practitionerId))) throw unprocessable(`Practitioner/${fields.practitionerId} does not exist`, 'definition.practitionerId');
  if (fields.practitionerRoleId) {
    const role = await readOne<PractitionerRole>(q, 'PractitionerRole', fields.practitionerRoleId);
    if (!role) throw unprocessable(`PractitionerRole/${fields.practitionerRoleId} does not exist`, 'definition.practitionerRoleId');
    // A schedule is for one of the clinic's own staff, in the role they hold there.
    const roleOrganization = role.organization?.reference;
    if (roleOrganization && roleOrganization !== `Organization/${organizationId}`) throw unprocessable(`PractitionerRole/${fields.practitionerRoleId} is a role at another organization`, 'definition.practitionerRoleId');
    const rolePractitioner = role.practitioner?.reference;
    if (rolePractitioner && rolePractitioner !== `Practitioner/${fields.practitionerId}`) throw unprocessable(`PractitionerRole/${fields.practitionerRoleId} is not a role of Practitioner/${fields.practitionerId}`, 'definition.practitionerRoleId');
  }
  const location = await readOne<Location>(q, 'Location', fields.locationId);
  if (!location) throw unprocessable(`Location/${fields.locationId} does not exist`, 'definition.locationId');
  const owner = location.managingOrganization?.reference;
  if (owner && owner !== `Organization/${organizationId}`) throw unprocessable(`Location/${fields.locationId} belongs to another organization`, 'definition.locationId');
}
