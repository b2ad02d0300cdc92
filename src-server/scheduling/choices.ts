import type { CodeableConcept, Location, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import { SpecialtySchema, type ScheduleChoices, type ScheduleDoctor, type Specialty } from '../../shared/api/schedule.js';
import { formatHumanName } from '../../shared/fhir/appointment-summary.js';
import { SYSTEMS } from '../../shared/fhir/systems.js';
import type { Queryable } from '../db/database.js';
import { listDefinitions } from './definitions.js';
import { contentOf, readMany, type Stored } from './store.js';

/** Roles that keep no appointments of their own: they are not offered as a schedule's doctor. */
const DESK_ROLES = new Set(['registrar', 'clinic-admin', 'privacy-officer']);

/**
 * What a clinic administrator picks from when defining a schedule, all of `organizationId` (the
 * caller's own, from the token): the practitioners holding a clinical role there, its places,
 * and the specialties its schedules are filed under. A doctor's suggested specialty is the one
 * the clinic already files them, or colleagues of the same role specialty, under; the role's own
 * otherwise, so a new therapist lands next to the other therapists in the registrar's view.
 */
export async function scheduleChoices(q: Queryable, organizationId: string): Promise<ScheduleChoices> {
  const [roles, locations, definitions] = await Promise.all([
    ofOrganization<PractitionerRole>(q, 'PractitionerRole', "content->'organization'->>'reference'", organizationId),
    ofOrganization<Location>(q, 'Location', "content->'managingOrganization'->>'reference'", organizationId),
    listDefinitions(q, organizationId),
  ]);
  const clinical = roles.filter((role) => role.active !== false && !DESK_ROLES.has(roleCode(role) ?? ''));
  const practitionerIds = [...clinical.map(practitionerOf), ...definitions.map((d) => d.definition.practitionerId)].filter((id): id is string => Boolean(id));
  const practitioners = await readMany<Practitioner>(q, 'Practitioner', practitionerIds);

  const filedUnder = new Map<string, Specialty>();
  const specialtyOfRoleCode = new Map<string, Specialty>();
  const scheduleCount = new Map<string, number>();
  for (const { definition } of definitions) {
    filedUnder.set(definition.practitionerId, definition.specialty);
    scheduleCount.set(definition.practitionerId, (scheduleCount.get(definition.practitionerId) ?? 0) + 1);
    for (const role of clinical.filter((r) => practitionerOf(r) === definition.practitionerId)) {
      const code = role.specialty?.[0]?.coding?.[0]?.code;
      if (code && !specialtyOfRoleCode.has(code)) specialtyOfRoleCode.set(code, definition.specialty);
    }
  }

  const doctors: ScheduleDoctor[] = [];
  for (const role of clinical) {
    const practitionerId = practitionerOf(role);
    const practitioner = practitionerId ? practitioners.get(practitionerId) : undefined;
    if (!practitionerId || !practitioner || practitioner.active === false) continue;
    const roleSpecialty = role.specialty?.[0];
    doctors.push({
      practitionerId,
      practitionerRoleId: role.id,
      name: nameOf(practitioner),
      role: role.code?.[0]?.text ?? role.code?.[0]?.coding?.[0]?.display ?? null,
      specialty: filedUnder.get(practitionerId) ?? specialtyOfRoleCode.get(roleSpecialty?.coding?.[0]?.code ?? '') ?? specialtyOf(roleSpecialty),
      locationId: role.location?.[0]?.reference?.replace(/^Location\//, '') ?? null,
      schedules: scheduleCount.get(practitionerId) ?? 0,
    });
  }
  // A doctor scheduled here without a role of this clinic on record still appears, so their schedule can be extended.
  for (const [practitionerId, specialty] of filedUnder) {
    const practitioner = practitioners.get(practitionerId);
    if (doctors.some((d) => d.practitionerId === practitionerId) || !practitioner) continue;
    doctors.push({ practitionerId, practitionerRoleId: null, name: nameOf(practitioner), role: null, specialty, locationId: null, schedules: scheduleCount.get(practitionerId) ?? 0 });
  }

  const specialties = new Map<string, Specialty>();
  for (const specialty of [...definitions.map((d) => d.definition.specialty), ...doctors.map((d) => d.specialty)]) if (specialty && !specialties.has(specialty.code)) specialties.set(specialty.code, specialty);
  const byText = (a: string, b: string) => a.localeCompare(b, 'ru');
  return {
    doctors: doctors.sort((a, b) => byText(a.name, b.name) || byText(a.role ?? '', b.role ?? '')),
    locations: locations
      .filter((l) => l.status !== 'inactive')
      .map((l) => ({ locationId: l.id, name: l.name ?? l.id, partOf: l.partOf?.display ?? null }))
      .sort((a, b) => byText(a.name, b.name)),
    specialties: [...specialties.values()].sort((a, b) => byText(a.display, b.display)),
  };
}

async function ofOrganization<T extends PractitionerRole | Location>(q: Queryable, resourceType: T['resourceType'], reference: string, organizationId: string): Promise<Stored<T>[]> {
  const { rows } = await q.query<{ content: unknown }>(`SELECT content FROM resource WHERE resource_type = $1 AND NOT deleted AND ${reference} = $2 ORDER BY id`, [resourceType, `Organization/${organizationId}`]);
  return rows.map((row) => contentOf<T>(row.content));
}

const practitionerOf = (role: PractitionerRole) => role.practitioner?.reference?.replace(/^Practitioner\//, '');
const roleCode = (role: PractitionerRole) => role.code?.flatMap((c) => c.coding ?? []).find((c) => c.system === SYSTEMS.role)?.code;
const nameOf = (practitioner: Stored<Practitioner>) => formatHumanName(practitioner.name?.[0]) || practitioner.name?.[0]?.text || `Practitioner/${practitioner.id}`;

/** A role's specialty as a schedule's, when its code fits a schedule's specialty code. */
function specialtyOf(concept: CodeableConcept | undefined): Specialty | null {
  const coding = concept?.coding?.[0];
  const parsed = SpecialtySchema.safeParse({ code: coding?.code, display: concept?.text ?? coding?.display });
  return parsed.success ? parsed.data : null;
}
