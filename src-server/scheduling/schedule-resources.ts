import type { Schedule, Slot } from '@medplum/fhirtypes';
import type { ScheduleDefinition } from '../../shared/api/schedule.js';
import { SCHEDULING_EXTENSIONS, SCHEDULING_SYSTEMS } from '../../shared/fhir/scheduling.js';
import type { VisitType } from '../../shared/domain/visit-types.js';
import { VISIT_TYPE_NAMES } from '../../shared/domain/visit-types.js';
import type { Stored } from './store.js';

/**
 * The FHIR copies of scheduling's own data: a Schedule from a definition, a Slot from a generated
 * slot. Workstations receive these through the change feed and need nothing else to show a day.
 */
export const visitTypeConcept = (visitType: VisitType) => ({ coding: [{ system: SCHEDULING_SYSTEMS.visitType, code: visitType, display: VISIT_TYPE_NAMES[visitType].ru }] });

/** Slot ids are derived from the schedule and the start, so regenerating finds the same slot again. */
export function slotIdFor(scheduleId: string, start: string): string {
  return `${scheduleId}-${start.slice(0, 16).replace(/[-:T]/g, '')}`;
}

export function scheduleResource(schedule: ScheduleDefinition, horizon: { start: string; end: string }): Stored<Schedule> {
  const d = schedule.definition;
  const offered = [...new Set([d.defaultVisitType, ...d.hours.map((h) => h.visitType ?? d.defaultVisitType)])];
  return {
    resourceType: 'Schedule',
    id: schedule.scheduleId,
    extension: [{ url: SCHEDULING_EXTENSIONS.timeZone, valueCode: d.timeZone ?? 'Europe/Minsk' }],
    active: d.active ?? true,
    serviceType: offered.map(visitTypeConcept),
    specialty: [{ coding: [{ system: SCHEDULING_SYSTEMS.specialty, code: d.specialty.code, display: d.specialty.display }] }],
    actor: [
      { reference: `Practitioner/${d.practitionerId}`, display: d.display },
      ...(d.practitionerRoleId ? [{ reference: `PractitionerRole/${d.practitionerRoleId}` }] : []),
      { reference: `Location/${d.locationId}` },
    ],
    planningHorizon: horizon,
    comment: d.display,
  };
}

export function slotResource(slot: { slotId: string; scheduleId: string; start: string; end: string; visitType: VisitType }, status: Slot['status'], comment?: string): Stored<Slot> {
  return {
    resourceType: 'Slot',
    id: slot.slotId,
    schedule: { reference: `Schedule/${slot.scheduleId}` },
    serviceType: [visitTypeConcept(slot.visitType)],
    status,
    start: slot.start,
    end: slot.end,
    ...(comment ? { comment } : {}),
  };
}
