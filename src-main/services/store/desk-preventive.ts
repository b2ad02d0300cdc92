import type { Appointment, Encounter, Patient } from '@medplum/fhirtypes';
import type { PreventiveDueEntry, PreventiveDueList } from '../../../shared/api/schedule-booking.js';
import { preventiveExamDue } from '../../../shared/domain/preventive.js';
import { ageInYears } from '../../../shared/domain/vaccination-dates.js';
import { localDateOf } from '../../../shared/domain/zoned-time.js';
import { patientContact, participantId, visitTypeOf } from '../../../shared/fhir/appointment-summary.js';
import { ENCOUNTER_KIND_SYSTEM } from '../../../shared/fhir/encounter-kinds.js';
import { DEFAULT_TIME_ZONE } from '../../../shared/fhir/schedule-view.js';
import type { LocalStore } from '../../db/local-store.js';

type WithId<T> = T & { id: string };

/**
 * Who of the clinic's patients on this workstation is due a preventive examination, by the rules in
 * shared/domain/preventive-rules.ts, read as Central reads them (src-server/scheduling/preventive.ts):
 * the last examination is a preventive Encounter that took place or a fulfilled preventive
 * Appointment; a preventive booking from now on counts as booked. Only dates reach the list.
 */
export class DeskPreventive {
  constructor(private readonly deps: { store: () => LocalStore; now: () => Date; organizationId: () => string }) {}

  dueList(input: { limit: number; offset: number; unbookedOnly: boolean }): PreventiveDueList {
    const store = this.deps.store();
    const now = this.deps.now();
    const today = localDateOf(now, DEFAULT_TIME_ZONE);
    const org = `Organization/${this.deps.organizationId()}`;
    const patients = store.scheduling.allPatients().filter((p) => p.birthDate && !p.deceasedDateTime && p.deceasedBoolean !== true && belongsTo(p, org));
    const last = new Map<string, string>();
    const later = (id: string, date: string | undefined) => {
      if (date && (!last.has(id) || last.get(id)! < date)) last.set(id, date);
    };
    for (const encounter of store.scheduling.maybePreventiveEncounters()) {
      const patientId = /^Patient\/(.+)$/.exec(encounter.subject?.reference ?? '')?.[1];
      if (patientId && isPreventiveEncounter(encounter)) later(patientId, encounter.period?.start?.slice(0, 10));
    }
    const booked = new Map<string, { appointmentId: string; start: string }>();
    for (const appointment of store.scheduling.allAppointments()) {
      if (visitTypeOf(appointment) !== 'preventive') continue;
      const patientId = participantId(appointment, 'Patient');
      if (!patientId) continue;
      if (appointment.status === 'fulfilled') later(patientId, appointment.start?.slice(0, 10));
      else if (appointment.status === 'booked' && appointment.start && new Date(appointment.start) >= now) earliest(booked, patientId, appointment);
    }
    const due: PreventiveDueEntry[] = [];
    for (const patient of patients) {
      const birthDate = patient.birthDate!.slice(0, 10);
      const status = preventiveExamDue(birthDate, last.get(patient.id), today);
      if (!status.due) continue;
      const upcoming = booked.get(patient.id) ?? null;
      if (input.unbookedOnly && upcoming) continue;
      due.push({ patient: patientContact(patient.id, patient), age: ageInYears(birthDate, today), dueDate: status.dueDate, reason: status.reason, lastExamDate: last.get(patient.id) ?? null, booked: upcoming });
    }
    due.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.patient.name.localeCompare(b.patient.name, 'ru') || a.patient.patientId.localeCompare(b.patient.patientId));
    return { asOf: today, total: due.length, entries: due.slice(input.offset, input.offset + input.limit) };
  }
}

function belongsTo(patient: Patient, org: string): boolean {
  return patient.managingOrganization?.reference === org || (patient.generalPractitioner ?? []).some((g) => g.reference === org);
}

function isPreventiveEncounter(encounter: Encounter): boolean {
  if (['cancelled', 'entered-in-error', 'planned'].includes(encounter.status)) return false;
  return (encounter.type ?? []).some((t) => t.coding?.some((c) => c.system === ENCOUNTER_KIND_SYSTEM && c.code === 'preventive'));
}

function earliest(booked: Map<string, { appointmentId: string; start: string }>, patientId: string, appointment: WithId<Appointment>): void {
  const held = booked.get(patientId);
  if (!held || appointment.start! < held.start) booked.set(patientId, { appointmentId: appointment.id, start: new Date(appointment.start!).toISOString() });
}
