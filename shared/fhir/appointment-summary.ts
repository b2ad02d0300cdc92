import type { Appointment, HumanName, Patient, Reference } from '@medplum/fhirtypes';
import type { PatientContact } from '../api/schedule.js';
import { REBOOK_REASONS } from '../api/schedule.js';
import { APPOINTMENT_STATUSES, type AppointmentSummary } from '../api/schedule-views.js';
import { isVisitType, type VisitType } from '../domain/visit-types.js';
import { CANCELLED_BY_CLINIC, CANCELLED_BY_PATIENT, SCHEDULING_EXTENSIONS, SCHEDULING_SYSTEMS } from './scheduling.js';

/** FHIR Appointment and Patient mapped, in one place, to what scheduling screens show. */
const idIn = (type: string, reference: Reference | undefined): string | null => {
  const match = new RegExp(`^${type}/([A-Za-z0-9\\-.]{1,64})$`).exec(reference?.reference ?? '');
  return match ? match[1]! : null;
};

export function participantId(appointment: Appointment, type: 'Patient' | 'Practitioner' | 'Location'): string | null {
  for (const participant of appointment.participant ?? []) {
    const id = idIn(type, participant.actor);
    if (id) return id;
  }
  return null;
}

export function slotIdOf(appointment: Appointment): string | null {
  return idIn('Slot', appointment.slot?.[0]);
}

export function visitTypeOf(resource: { serviceType?: { coding?: { system?: string; code?: string }[] }[] }): VisitType | null {
  const code = resource.serviceType?.flatMap((c) => c.coding ?? []).find((c) => c.system === SCHEDULING_SYSTEMS.visitType)?.code;
  return isVisitType(code) ? code : null;
}

export function rebookReasonOf(appointment: Appointment): AppointmentSummary['rebookReason'] {
  const code = appointment.extension?.find((e) => e.url === SCHEDULING_EXTENSIONS.rebookNeeded)?.valueCode;
  return (REBOOK_REASONS as readonly string[]).includes(code ?? '') ? (code as AppointmentSummary['rebookReason']) : null;
}

export function isWalkIn(appointment: Appointment): boolean {
  return appointment.appointmentType?.coding?.some((c) => c.system === SCHEDULING_SYSTEMS.appointmentType && c.code === 'WALKIN') ?? false;
}

export function appointmentSummary(appointment: Appointment & { id: string }): AppointmentSummary {
  const status = (APPOINTMENT_STATUSES as readonly string[]).includes(appointment.status) ? appointment.status : 'entered-in-error';
  const by = appointment.cancelationReason?.coding?.find((c) => c.system === SCHEDULING_SYSTEMS.cancellationReason)?.code;
  return {
    appointmentId: appointment.id,
    status: status as AppointmentSummary['status'],
    start: appointment.start ?? null,
    end: appointment.end ?? null,
    slotId: slotIdOf(appointment),
    visitType: visitTypeOf(appointment),
    patientId: participantId(appointment, 'Patient'),
    practitionerId: participantId(appointment, 'Practitioner'),
    locationId: participantId(appointment, 'Location'),
    walkIn: isWalkIn(appointment),
    cancelReason: appointment.status === 'cancelled' ? (appointment.cancelationReason?.text ?? null) : null,
    cancelledBy: appointment.status !== 'cancelled' ? null : by === CANCELLED_BY_PATIENT ? 'patient' : by === CANCELLED_BY_CLINIC ? 'clinic' : null,
    rebookReason: rebookReasonOf(appointment),
  };
}

export function formatHumanName(name: HumanName | undefined): string {
  if (!name) return '';
  const parts = [name.family, ...(name.given ?? [])].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(' ') : (name.text ?? '');
}

/** Who the patient is and the phone to call them on (mobile first). */
export function patientContact(patientId: string, patient: Patient | undefined): PatientContact {
  const names = patient?.name ?? [];
  const name = names.find((n) => n.use === 'official') ?? names[0];
  const phones = (patient?.telecom ?? []).filter((t) => t.system === 'phone' && t.value && !t.period?.end);
  const phone = phones.find((t) => t.use === 'mobile') ?? phones[0];
  return { patientId, name: formatHumanName(name), phone: phone?.value ?? null, birthDate: patient?.birthDate ?? null };
}
