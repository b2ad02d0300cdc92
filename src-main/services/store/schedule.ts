import type { Appointment, Patient, Practitioner } from '@medplum/fhirtypes';
import type { AppointmentRow } from '../../../shared/api/day.js';
import type { PatientSummary } from '../../../shared/api/patients.js';
import type { LocalStore } from '../../db/local-store.js';
import { formatName, primaryName } from '../../db/patient-index.js';
import type { StaffProfile } from '../../db/staff-accounts.js';
import type { SchedulePort } from '../ports.js';

const STATUSES: Record<string, AppointmentRow['status']> = {
  booked: 'booked',
  arrived: 'arrived',
  'checked-in': 'arrived',
  fulfilled: 'fulfilled',
  cancelled: 'cancelled',
  noshow: 'noshow',
};

/**
 * The day's appointments from the replica, each with its patient and whether that patient's full
 * record is on this workstation and as of when. A doctor sees their own appointments; other roles
 * (the registrar) see the clinic's.
 */
export class StoreSchedule implements SchedulePort {
  constructor(
    private readonly deps: {
      store: () => LocalStore;
      summary: (store: LocalStore, patient: Patient) => PatientSummary;
      profile: () => StaffProfile | null;
    },
  ) {}

  appointments(fromIso: string, toIso: string): AppointmentRow[] {
    const store = this.deps.store();
    const mine = ownActors(this.deps.profile());
    const rows: AppointmentRow[] = [];
    for (const appointment of store.appointments.startingBetween(fromIso, toIso)) {
      if (!appointment.id || !appointment.start || appointment.status === 'entered-in-error') continue;
      const actors = (appointment.participant ?? []).map((p) => p.actor?.reference ?? '');
      if (mine && !actors.some((ref) => mine.has(ref))) continue;
      const patientRef = actors.find((ref) => ref.startsWith('Patient/'));
      if (!patientRef) continue;
      rows.push({
        appointmentId: appointment.id,
        start: appointment.start,
        end: appointment.end ?? null,
        status: STATUSES[appointment.status] ?? 'other',
        reason: appointment.description ?? appointment.reasonCode?.[0]?.text ?? appointment.serviceType?.[0]?.text ?? null,
        practitioner: practitionerName(store, appointment),
        patient: this.patient(store, appointment, patientRef.slice('Patient/'.length)),
      });
    }
    return rows;
  }

  /** The patient's row; one whose record has not arrived yet is shown by the booking's name, marked not local. */
  private patient(store: LocalStore, appointment: Appointment, id: string): PatientSummary {
    const patient = store.resources.get<Patient>('Patient', id);
    if (patient) return this.deps.summary(store, patient);
    const display = appointment.participant?.find((p) => p.actor?.reference === `Patient/${id}`)?.actor?.display ?? '';
    return { id, personalNumber: null, family: display, given: '', patronymic: null, birthDate: null, sex: 'unknown', record: { local: false, asOf: null } };
  }
}

/** References that make an appointment a doctor's own; null when the person is not a doctor with a practitioner record. */
function ownActors(profile: StaffProfile | null): Set<string> | null {
  if (!profile?.roles.includes('doctor') || !profile.practitionerId) return null;
  const refs = new Set([`Practitioner/${profile.practitionerId}`]);
  if (profile.practitionerRoleId) refs.add(`PractitionerRole/${profile.practitionerRoleId}`);
  return refs;
}

function practitionerName(store: LocalStore, appointment: Appointment): string | null {
  for (const participant of appointment.participant ?? []) {
    const ref = participant.actor?.reference ?? '';
    if (!ref.startsWith('Practitioner/')) continue;
    if (participant.actor?.display) return participant.actor.display;
    const practitioner = store.resources.get<Practitioner>('Practitioner', ref.slice('Practitioner/'.length));
    const name = formatName(practitioner && primaryName(practitioner));
    if (name) return name;
  }
  return null;
}
